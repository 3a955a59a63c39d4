// Statistics over labelled regions: SciPy's labels/index rules (which points form which region,
// result dtypes, values for empty regions), then the region engine (region_stats_impl.hpp).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <string>
#include <type_traits>
#include <vector>

#include "backends/backend.hpp"
#include "cupix/core/dispatch.hpp"
#include "cupix/ndimage.hpp"
#include "kernels/cast.hpp"
#include "kernels/ordered_key.hpp"
#include "region_stats.hpp"

namespace cupix::ndimage {

namespace {

Shape broadcast_shapes(const Shape& a, const Shape& b) {
  Shape s(std::max(a.size(), b.size()), 1);
  for (std::size_t k = 1; k <= s.size(); ++k) {
    const std::int64_t x = k <= a.size() ? a[a.size() - k] : 1, y = k <= b.size() ? b[b.size() - k] : 1;
    if (x != y && x != 1 && y != 1)
      throw ValueError("input and labels must have the same shape (excepting dimensions with width 1)");
    s[s.size() - k] = x == 1 ? y : x;
  }
  return s;
}

// `a` viewed with `shape` as numpy.broadcast_to does: new axes in front, length-1 axes repeated
// with stride 0.
NDArray broadcast_to(const NDArray& a, const Shape& shape) {
  if (a.shape() == shape) return a;
  Shape strides(shape.size(), 0);
  const std::size_t lead = shape.size() - a.shape().size();
  for (std::size_t d = 0; d < a.shape().size(); ++d)
    strides[lead + d] = a.shape()[d] == shape[lead + d] ? a.strides()[d] : 0;
  return NDArray(a.owner(), a.base(), a.byte_offset(), a.dtype(), shape, strides, a.device());
}

// The regions a call measures, and where each element of index finds its result.
struct Selection {
  NDArray input;      // broadcast; float16 inputs as float32
  DType dtype;        // the input's own dtype
  detail::Regions regions;
  bool single = true;  // one region: 0-d results
  Shape index_shape;
  std::vector<std::int64_t> region_of{0};  // per element of index (one for a single region): -1 for none

  Shape result_shape(std::int64_t last = -1) const {
    Shape s = single ? Shape{} : index_shape;
    if (last >= 0) s.push_back(last);
    return s;
  }
};

NDArray region_ids(const NDArray& labels, const NDArray& keys) {
  return backends::with_backend(labels.device(), [&]<class B>(backends::Tag<B>) {
    return detail::region_ids_run<B>(labels, keys);
  });
}

Selection select(const NDArray& input, const NDArray& labels_in, const NDArray& index, const char* fn) {
  if (!input.defined()) throw ValueError(std::string(fn) + ": input is undefined");
  Selection m;
  m.dtype = input.dtype();
  m.input = input.dtype() == DType::float16 ? input.astype(DType::float32) : input;
  if (!labels_in.defined()) return m;  // one region of every point; index is ignored, as SciPy
  if (labels_in.device() != input.device())
    throw ValueError(std::string(fn) + ": labels are on " + labels_in.device().str() + " but the input on " +
                     input.device().str());
  const Shape shape = broadcast_shapes(input.shape(), labels_in.shape());
  m.input = broadcast_to(m.input, shape);
  NDArray labels = broadcast_to(labels_in, shape);
  if (labels.dtype() == DType::float16) labels = labels.astype(DType::float32);
  const bool direct = labels.dtype() == DType::int32 || labels.dtype() == DType::int64;
  if (!index.defined()) {
    m.regions = direct ? detail::Regions{detail::RegionMode::positive, labels, {}, 1}
                       : detail::Regions{detail::RegionMode::identity, region_ids(labels, {}), {}, 1};
    return m;
  }
  m.single = index.ndim() == 0;
  m.index_shape = index.shape();
  const DType key_dtype = is_floating(labels.dtype())     ? DType::float64
                          : labels.dtype() == DType::uint64 ? DType::uint64
                                                            : DType::int64;
  const NDArray host_index = index.to(Device::cpu());
  const NDArray wanted = host_index.astype(key_dtype);
  // A NaN index element matches no label, also where integer keys would make it 0.
  const NDArray index_nan = is_floating(host_index.dtype()) && !is_floating(key_dtype)
                                ? host_index.astype(DType::float64) : NDArray{};
  dispatch<TypeList<std::int64_t, std::uint64_t, double>>(key_dtype, fn, [&]<class K>(TypeTag<K>) {
    const K* v = wanted.data_as<K>();
    const auto n = static_cast<std::size_t>(wanted.size());
    std::vector<K> keys(v, v + n);
    m.region_of.resize(n);
    // The common index, increasing labels (np.arange(1, n + 1)), is its own key list.
    const bool increasing = std::adjacent_find(v, v + n, [](K a, K b) { return !(a < b); }) == v + n;
    if (increasing) {
      std::iota(m.region_of.begin(), m.region_of.end(), std::int64_t{0});
    } else {
      keys.erase(std::remove_if(keys.begin(), keys.end(), [](K x) { return x != x; }), keys.end());  // NaN: no label
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      for (std::size_t j = 0; j < n; ++j)
        m.region_of[j] = v[j] == v[j] ? std::lower_bound(keys.begin(), keys.end(), v[j]) - keys.begin() : -1;
    }
    if (index_nan.defined())
      for (std::size_t j = 0; j < n; ++j)
        if (std::isnan(index_nan.data_as<double>()[j])) m.region_of[j] = -1;
    if (keys.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
      throw OutOfMemory(std::string(fn) + ": too many distinct labels in index");
    const auto count = static_cast<std::int64_t>(keys.size());
    if constexpr (std::is_same_v<K, std::int64_t>) {
      // Consecutive labels (np.arange(1, n + 1)): the region is the label minus the first.
      if (direct && count > 0 && static_cast<std::uint64_t>(keys.back()) - static_cast<std::uint64_t>(keys.front()) ==
                                     static_cast<std::uint64_t>(count - 1)) {
        m.regions = detail::Regions{detail::RegionMode::identity, labels, {}, count, keys.front()};
        return;
      }
    }
    const NDArray device_keys = NDArray::from_vector(keys).to(input.device());
    m.regions = direct ? detail::Regions{detail::RegionMode::keys, labels, device_keys, count}
                       : detail::Regions{detail::RegionMode::identity, region_ids(labels, device_keys), {}, count};
  });
  return m;
}

// The tables on the host.
detail::RegionTables measure(const Selection& m, unsigned wanted) {
  // SciPy sums labelled regions with numpy.bincount's float64 weights: 64-bit integers become
  // float64 before they are added (no wrap-around past 2^63), where one region is NumPy's sum in
  // the dtype's own arithmetic (which wraps, as the integer tables do).
  const bool float_sums = !m.single && (m.input.dtype() == DType::int64 || m.input.dtype() == DType::uint64) &&
                          !(wanted & (detail::kExtrema | detail::kPositions));
  const NDArray values = float_sums ? m.input.astype(DType::float64) : m.input;
  detail::RegionTables t = backends::with_backend(values.device(), [&]<class B>(backends::Tag<B>) {
    return detail::region_stats_run<B>(values, m.regions, wanted);
  });
  for (NDArray* a : {&t.count, &t.sum, &t.centered, &t.min_key, &t.max_key, &t.min_pos, &t.max_pos, &t.moments})
    if (a->defined()) *a = a->to(Device::cpu());
  return t;
}

// A result of `shape` and `dtype` on the input's device whose element j (C order) is written by
// write(pointer, j).
template <class F>
NDArray build(const Selection& m, const Shape& shape, DType dtype, F&& write) {
  NDArray out = NDArray::empty(shape, dtype);
  auto* p = static_cast<char*>(out.data());
  for (std::int64_t j = 0; j < out.size(); ++j) write(p + j * static_cast<std::int64_t>(itemsize(dtype)), j);
  return out.to(m.input.device());
}

std::int64_t region(const Selection& m, std::int64_t j) { return m.region_of[static_cast<std::size_t>(j)]; }

std::int64_t count_of(const Selection& m, const detail::RegionTables& t, std::int64_t j) {
  const std::int64_t r = region(m, j);
  return r < 0 ? 0 : t.count.data_as<std::int64_t>()[r];
}

double sum_of(const Selection& m, const detail::RegionTables& t, std::int64_t j) {
  const std::int64_t r = region(m, j);
  return r < 0 ? 0.0 : kernels::load_as<double>(t.sum.data_as<char>() + 8 * r, t.sum.dtype());
}

NDArray variance_with(const NDArray& input, const NDArray& labels, const NDArray& index, bool root) {
  const Selection m = select(input, labels, index, root ? "standard_deviation" : "variance");
  const auto t = measure(m, detail::kSums | detail::kCentered);
  return build(m, m.result_shape(), DType::float64, [&](void* p, std::int64_t j) {
    const std::int64_t r = region(m, j);
    const double v = (r < 0 ? 0.0 : t.centered.data_as<double>()[r]) / static_cast<double>(count_of(m, t, j));
    *static_cast<double*>(p) = root ? std::sqrt(v) : v;
  });
}

// Writes the value whose widened OrderedKey is `key` (of the computed dtype) into `p` (the input's dtype).
void store_key(void* p, const Selection& m, std::uint64_t key) {
  dispatch<AllTypes>(m.input.dtype(), "minimum", [&]<class T>(TypeTag<T>) {
    using Key = kernels::OrderedKey<T>;
    kernels::store_as(p, m.dtype, Key::from_wide(key));
  });
}

void check_not_empty(const Selection& m, const detail::RegionTables& t, const char* what) {
  if (m.single && count_of(m, t, 0) == 0)
    throw ValueError(std::string("zero-size array to reduction operation ") + what + " which has no identity");
}

// One region's minimum is NaN when it holds a NaN (numpy.min); the keys put NaN last.
bool holds_nan(const Selection& m, const detail::RegionTables& t, std::int64_t r) {
  if (!m.single || !is_floating(m.dtype)) return false;
  return dispatch<FloatTypes>(m.input.dtype(), "minimum", [&]<class T>(TypeTag<T>) {
    using Key = kernels::OrderedKey<T>;
    const T v = Key::from_wide(t.max_key.data_as<std::uint64_t>()[r]);
    return v != v;
  });
}

NDArray extremum(const Selection& m, const detail::RegionTables& t, bool max) {
  return build(m, m.result_shape(), m.dtype, [&](void* p, std::int64_t j) {
    const std::int64_t r = region(m, j);
    if (r < 0 || count_of(m, t, j) == 0) return kernels::store_as(p, m.dtype, 0);
    const NDArray& keys = max || holds_nan(m, t, r) ? t.max_key : t.min_key;
    store_key(p, m, keys.data_as<std::uint64_t>()[r]);
  });
}

NDArray position(const Selection& m, const detail::RegionTables& t, bool max) {
  const int nd = m.input.ndim();
  return build(m, m.result_shape(nd), DType::int64, [&](void* p, std::int64_t j) {
    const std::int64_t element = j / std::max(nd, 1), axis = j - element * std::max(nd, 1);
    const std::int64_t r = region(m, element);
    if (r < 0 || count_of(m, t, element) == 0) {  // an absent label: zeros (also for empty inputs)
      *static_cast<std::int64_t*>(p) = 0;
      return;
    }
    std::int64_t flat = (max ? t.max_pos : t.min_pos).data_as<std::int64_t>()[r];
    for (int d = nd - 1; d > axis; --d) flat /= m.input.shape(d);
    *static_cast<std::int64_t*>(p) = flat % m.input.shape(static_cast<int>(axis));
  });
}

// minimum, maximum (at = false) or their positions (at = true).
NDArray extreme(const NDArray& input, const NDArray& labels, const NDArray& index, const char* fn, bool max, bool at) {
  const Selection m = select(input, labels, index, fn);
  const auto t = measure(m, detail::kSums | (at ? detail::kPositions : detail::kExtrema));
  check_not_empty(m, t, max ? "maximum" : "minimum");
  return at ? position(m, t, max) : extremum(m, t, max);
}

}  // namespace

NDArray count_labels(const NDArray& input, const NDArray& labels, const NDArray& index) {
  const Selection m = select(input, labels, index, "count_labels");
  const auto t = measure(m, detail::kSums);
  return build(m, m.result_shape(), DType::int64,
               [&](void* p, std::int64_t j) { *static_cast<std::int64_t*>(p) = count_of(m, t, j); });
}

NDArray sum_labels(const NDArray& input, const NDArray& labels, const NDArray& index) {
  const Selection m = select(input, labels, index, "sum_labels");
  const auto t = measure(m, detail::kSums);
  if (!m.single)
    return build(m, m.result_shape(), DType::float64, [&](void* p, std::int64_t j) { *static_cast<double*>(p) = sum_of(m, t, j); });
  const DType dtype = is_floating(m.dtype) ? m.dtype : t.sum.dtype();
  return build(m, {}, dtype, [&](void* p, std::int64_t j) {
    const std::int64_t r = region(m, j);
    if (is_floating(dtype)) return kernels::store_as(p, dtype, sum_of(m, t, j));
    const std::uint64_t bits = r < 0 ? 0 : t.sum.data_as<std::uint64_t>()[r];
    std::memcpy(p, &bits, sizeof bits);
  });
}

NDArray mean(const NDArray& input, const NDArray& labels, const NDArray& index) {
  const Selection m = select(input, labels, index, "mean");
  const auto t = measure(m, detail::kSums);
  return build(m, m.result_shape(), DType::float64, [&](void* p, std::int64_t j) {
    *static_cast<double*>(p) = sum_of(m, t, j) / static_cast<double>(count_of(m, t, j));
  });
}

NDArray variance(const NDArray& input, const NDArray& labels, const NDArray& index) {
  return variance_with(input, labels, index, false);
}

NDArray standard_deviation(const NDArray& input, const NDArray& labels, const NDArray& index) {
  return variance_with(input, labels, index, true);
}

NDArray minimum(const NDArray& input, const NDArray& labels, const NDArray& index) {
  return extreme(input, labels, index, "minimum", false, false);
}

NDArray maximum(const NDArray& input, const NDArray& labels, const NDArray& index) {
  return extreme(input, labels, index, "maximum", true, false);
}

NDArray minimum_position(const NDArray& input, const NDArray& labels, const NDArray& index) {
  return extreme(input, labels, index, "minimum_position", false, true);
}

NDArray maximum_position(const NDArray& input, const NDArray& labels, const NDArray& index) {
  return extreme(input, labels, index, "maximum_position", true, true);
}

NDArray median(const NDArray& input, const NDArray& labels, const NDArray& index) {
  const Selection m = select(input, labels, index, "median");
  const auto t = measure(m, detail::kSums | detail::kExtrema);  // counts, and whether a region holds NaN
  const NDArray middle = backends::with_backend(m.input.device(), [&]<class B>(backends::Tag<B>) {
    return detail::region_middle_keys_run<B>(m.input, m.regions, t.count);
  });
  const DType dtype = is_floating(m.dtype) ? m.dtype : DType::float64;
  return build(m, m.result_shape(), dtype, [&](void* p, std::int64_t j) {
    const std::int64_t r = region(m, j);
    if (r < 0 || count_of(m, t, j) == 0 || holds_nan(m, t, r))
      return kernels::store_as(p, dtype, std::numeric_limits<double>::quiet_NaN());
    dispatch<AllTypes>(m.input.dtype(), "median", [&]<class T>(TypeTag<T>) {
      using Key = kernels::OrderedKey<T>;
      const T a = Key::from_wide(middle.data_as<std::uint64_t>()[2 * r]);
      const T b = Key::from_wide(middle.data_as<std::uint64_t>()[2 * r + 1]);
      // Floats average in their own precision, as NumPy and SciPy do; integers in float64.
      if constexpr (std::is_floating_point_v<T>) kernels::store_as(p, dtype, (a + b) / T(2));
      else kernels::store_as(p, dtype, (static_cast<double>(a) + static_cast<double>(b)) / 2.0);
    });
  });
}

Extrema extrema(const NDArray& input, const NDArray& labels, const NDArray& index) {
  const Selection m = select(input, labels, index, "extrema");
  const auto t = measure(m, detail::kSums | detail::kPositions);
  check_not_empty(m, t, "minimum");
  return {extremum(m, t, false), extremum(m, t, true), position(m, t, false), position(m, t, true)};
}

NDArray center_of_mass(const NDArray& input, const NDArray& labels, const NDArray& index) {
  const Selection m = select(input, labels, index, "center_of_mass");
  const auto t = measure(m, detail::kSums | detail::kMoments);
  const int nd = m.input.ndim();
  return build(m, m.result_shape(nd), DType::float64, [&](void* p, std::int64_t j) {
    const std::int64_t element = j / std::max(nd, 1), axis = j - element * std::max(nd, 1);
    const std::int64_t r = region(m, element);
    const double moment = r < 0 ? 0.0 : t.moments.data_as<double>()[r * nd + axis];
    // One region's normaliser is NumPy's sum in the input's dtype (float32 rounds), as SciPy's.
    double total = sum_of(m, t, element);
    if (m.single && m.dtype == DType::float32) total = static_cast<float>(total);
    *static_cast<double*>(p) = moment / total;
  });
}

NDArray histogram(const NDArray& input, double min, double max, std::int64_t bins, const NDArray& labels,
                  const NDArray& index) {
  const Selection m = select(input, labels, index, "histogram");
  if (bins < -1)  // numpy.linspace(min, max, bins + 1)
    throw ValueError("Number of samples, " + std::to_string(bins + 1) + ", must be non-negative.");
  bins = std::max<std::int64_t>(bins, 0);  // fewer than two edges: no bins
  if (max < min) throw ValueError("`bins` must increase monotonically, when an array");
  if (bins == 0) return NDArray::empty(m.result_shape(0), DType::int64, input.device());
  // numpy.linspace(min, max, bins + 1): i * step + min, the last edge max itself.
  std::vector<double> edges(static_cast<std::size_t>(bins + 1));
  const double step = (max - min) / static_cast<double>(bins);
  for (std::int64_t i = 0; i < bins; ++i) {
    const double offset = static_cast<double>(i) * step;
    edges[static_cast<std::size_t>(i)] = offset + min;
  }
  edges.back() = max;
  const NDArray counts = backends::with_backend(input.device(), [&]<class B>(backends::Tag<B>) {
    return detail::region_histogram_run<B>(m.input, m.regions, NDArray::from_vector(edges).to(input.device()));
  }).to(Device::cpu());
  return build(m, m.result_shape(bins), DType::int64, [&](void* p, std::int64_t j) {
    const std::int64_t element = j / bins, r = region(m, element);
    *static_cast<std::int64_t*>(p) = r < 0 ? 0 : counts.data_as<std::int64_t>()[r * bins + j % bins];
  });
}

}  // namespace cupix::ndimage
