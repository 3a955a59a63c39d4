// Region statistics, single source. A work item is C consecutive points in C order (many on the
// CPU, a few per GPU thread). Labels come in runs, so an item accumulates in registers while the
// region stays the same and adds to the region's row with atomics only when it changes: a point
// looks its label up only when the label differs from the previous point's.
#pragma once
#include <limits>
#include <type_traits>
#include <vector>

#include "cupix/core/dispatch.hpp"
#include "kernels/atomic.hpp"
#include "kernels/cast.hpp"
#include "kernels/hd.hpp"
#include "kernels/ordered_key.hpp"
#include "region_stats.hpp"

namespace cupix::ndimage::detail {

// Index of `v` among the sorted, distinct keys[0..n), or -1.
template <class K>
CUPIX_HD inline std::int64_t find_key(const K* keys, std::int64_t n, K v) {
  std::int64_t lo = 0, hi = n;
  while (lo < hi) {
    const std::int64_t mid = (lo + hi) / 2;
    if (keys[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && keys[lo] == v ? lo : -1;
}

// A point's region from its label (int32 or int64), remembering the last label looked up.
template <class L>
struct RegionOf {
  const L* labels;
  kernels::Layout layout;
  RegionMode mode;
  const std::int64_t* keys;
  std::int64_t count, first;

  struct Last {
    L label = 0;
    std::int64_t region = -2;  // none looked up yet
  };

  CUPIX_HD std::int64_t of_label(L v) const {
    switch (mode) {
      case RegionMode::positive: return v > 0 ? 0 : -1;
      case RegionMode::identity: {
        // Unsigned: one comparison, and no overflow for labels far below `first`.
        const auto r = static_cast<std::uint64_t>(v) - static_cast<std::uint64_t>(first);
        return r < static_cast<std::uint64_t>(count) ? static_cast<std::int64_t>(r) : -1;
      }
      case RegionMode::keys: return find_key<std::int64_t>(keys, count, v);
      default: return 0;
    }
  }
  CUPIX_HD std::int64_t at(std::int64_t i, Last& last) const {
    if (mode == RegionMode::all) return 0;
    const L v = labels[layout.offset(i)];
    if (last.region == -2 || v != last.label) {
      last.label = v;
      last.region = of_label(v);
    }
    return last.region;
  }
};

// Sums of integers (and bools) are kept as 64-bit two's complement bits, which wrap as NumPy's
// int64/uint64 sums do; of floats, as double.
template <class T>
using SumType = std::conditional_t<std::is_floating_point_v<T>, double, std::uint64_t>;

template <class T>
CUPIX_HD inline SumType<T> summand(T v) {
  if constexpr (std::is_floating_point_v<T>) return v;
  else if constexpr (std::is_signed_v<T>) return static_cast<std::uint64_t>(static_cast<std::int64_t>(v));
  else return static_cast<std::uint64_t>(v);
}

template <class T>
CUPIX_HD inline double sum_as_double(SumType<T> s) {
  if constexpr (std::is_floating_point_v<T> || std::is_unsigned_v<T>) return static_cast<double>(s);
  else return static_cast<double>(static_cast<std::int64_t>(s));
}

template <class T>
CUPIX_HD inline std::uint64_t wide_key(T v) {
  if constexpr (std::is_floating_point_v<T>)
    if (v == T(0)) v = T(0);  // -0.0 equals 0.0 here, as in NumPy's comparisons (positions of extrema)
  return kernels::OrderedKey<T>::key(v);
}

// What the points of an item share: the input, its regions, and where C-order indices fall.
template <class T, class L, int C>
struct PointRange {
  const T* input;
  kernels::Layout layout;
  RegionOf<L> regions;
  std::int64_t size;
  CUPIX_HD std::int64_t stop(std::int64_t item) const { return item * C + C < size ? item * C + C : size; }
};

// On the CPU an item covers thousands of points but few regions, and its runs are short in 3-D:
// runs merge in a small direct-mapped table of regions, which reaches the shared rows (atomics)
// once per region and item rather than once per run. A GPU thread's item is a few points: its
// runs go straight to the rows (Slots = 0).
template <class Run, int Slots>
struct RunCache {
  Run slot[Slots > 0 ? Slots : 1];

  template <class Flush>
  CUPIX_HD void add(const Run& run, const Flush& flush) {
    if (run.region < 0) return;
    if constexpr (Slots == 0) {
      flush(run);
    } else {
      Run& s = slot[run.region % Slots];
      if (s.region == run.region) {
        s.merge(run);
        return;
      }
      flush(s);
      s = run;
    }
  }
  template <class Flush>
  CUPIX_HD void drain(const Flush& flush) {
    if constexpr (Slots > 0)
      for (const Run& s : slot) flush(s);
  }
};

template <int C>
inline constexpr int kCacheSlots = C > 64 ? 64 : 0;

// Pass 1: count, sum, minimum and maximum keys, moments.
template <class T, class L, int C>
struct Accumulate : PointRange<T, L, C> {
  unsigned wanted;
  int ndim;
  std::int64_t shape[kMaxDims];
  std::int64_t* count;
  SumType<T>* sum;
  std::uint64_t *min_key, *max_key;
  double* moments;

  struct Run {
    std::int64_t region = -1, n = 0, row = 0;
    SumType<T> sum = 0;
    std::uint64_t kmin = ~std::uint64_t(0), kmax = 0;
    double sum_v = 0, sum_vx = 0;  // for the moments: the values, and value x last coordinate
    CUPIX_HD void merge(const Run& o) {  // runs with moments (by row) are not merged
      n += o.n;
      sum += o.sum;
      kmin = o.kmin < kmin ? o.kmin : kmin;
      kmax = o.kmax > kmax ? o.kmax : kmax;
    }
  };

  CUPIX_HD void flush(const Run& run) const {
    const std::int64_t r = run.region;
    if (r < 0 || run.n == 0) return;
    if (wanted & kSums) {
      kernels::atomic_add(count + r, run.n);
      kernels::atomic_add(sum + r, run.sum);
    }
    if (wanted & kExtrema) {
      if (run.kmin < kernels::atomic_read(min_key + r)) kernels::atomic_min(min_key + r, run.kmin);
      if (run.kmax > kernels::atomic_read(max_key + r)) kernels::atomic_max(max_key + r, run.kmax);
    }
    if ((wanted & kMoments) && ndim > 0) {
      double* m = moments + r * ndim;
      kernels::atomic_add(m + ndim - 1, run.sum_vx);
      std::int64_t rest = run.row;  // the run lies on one row: the other coordinates are constant
      for (int d = ndim - 2; d >= 0; --d) {
        const std::int64_t q = rest / shape[d];
        kernels::atomic_add(m + d, run.sum_v * static_cast<double>(rest - q * shape[d]));
        rest = q;
      }
    }
  }

  CUPIX_HD void operator()(std::int64_t item) const {
    const bool by_row = (wanted & kMoments) && ndim > 0;
    const std::int64_t n_last = ndim > 0 ? shape[ndim - 1] : 1;
    typename RegionOf<L>::Last last;
    Run run;
    RunCache<Run, kCacheSlots<C>> cache;
    const auto to_rows = [this](const Run& r) { flush(r); };
    std::int64_t row = item * C / n_last, x = item * C - row * n_last;
    for (std::int64_t i = item * C, stop = this->stop(item); i < stop; ++i, ++x) {
      if (x == n_last) {
        x = 0;
        ++row;
      }
      const std::int64_t r = this->regions.at(i, last);
      if (r != run.region || (by_row && row != run.row)) {
        if (by_row) flush(run);
        else cache.add(run, to_rows);
        run = Run{};
        run.region = r;
        run.row = row;
      }
      if (r < 0) continue;
      const T v = this->input[this->layout.offset(i)];
      ++run.n;
      run.sum += summand(v);
      if (wanted & kExtrema) {
        const std::uint64_t k = wide_key(v);
        run.kmin = k < run.kmin ? k : run.kmin;
        run.kmax = k > run.kmax ? k : run.kmax;
      }
      if (by_row) {
        const double dv = kernels::convert<double>(v);
        run.sum_v += dv;
        run.sum_vx += dv * static_cast<double>(x);
      }
    }
    if (by_row) flush(run);
    else cache.add(run, to_rows);
    cache.drain(to_rows);
  }
};

// Pass 2: squared deviations from the region's mean, and the first points holding the extrema.
template <class T, class L, int C>
struct Deviations : PointRange<T, L, C> {
  unsigned wanted;
  const std::int64_t* count;
  const SumType<T>* sum;
  double* centered;
  const std::uint64_t *min_key, *max_key;
  std::int64_t *min_pos, *max_pos;

  CUPIX_HD static void first(std::int64_t* pos, std::int64_t i) {
    if (i < kernels::atomic_read(pos)) kernels::atomic_min(pos, i);
  }

  struct Squares {
    std::int64_t region = -1;
    double sum = 0;
    CUPIX_HD void merge(const Squares& o) { sum += o.sum; }
  };

  CUPIX_HD void operator()(std::int64_t item) const {
    typename RegionOf<L>::Last last;
    RunCache<Squares, kCacheSlots<C>> cache;
    const auto to_rows = [this](const Squares& q) {
      if (q.region >= 0) kernels::atomic_add(centered + q.region, q.sum);
    };
    std::int64_t region = -1;
    double mean = 0, squares = 0;
    bool min_seen = false, max_seen = false;
    for (std::int64_t i = item * C, stop = this->stop(item); i < stop; ++i) {
      const std::int64_t r = this->regions.at(i, last);
      if (r != region) {
        if (wanted & kCentered) cache.add(Squares{region, squares}, to_rows);
        region = r;
        squares = 0;
        min_seen = max_seen = false;
        if (r >= 0 && (wanted & kCentered)) mean = sum_as_double<T>(sum[r]) / static_cast<double>(count[r]);
      }
      if (r < 0) continue;
      const T v = this->input[this->layout.offset(i)];
      if (wanted & kCentered) {
        const double d = kernels::convert<double>(v) - mean;
        squares += d * d;
      }
      if (wanted & kPositions) {
        const std::uint64_t k = wide_key(v);
        if (!min_seen && k == min_key[r]) {
          min_seen = true;
          first(min_pos + r, i);
        }
        if (!max_seen && k == max_key[r]) {
          max_seen = true;
          first(max_pos + r, i);
        }
      }
    }
    if (wanted & kCentered) {
      cache.add(Squares{region, squares}, to_rows);
      cache.drain(to_rows);
    }
  }
};

template <class T, class L, int C>
struct HistogramCounts : PointRange<T, L, C> {
  const double* edges;
  std::int64_t bins;
  std::int64_t* counts;

  struct Bin {
    std::int64_t region = -1;  // the counter: region * bins + bin (RunCache's key)
    std::int64_t n = 0;
    CUPIX_HD void merge(const Bin& o) { n += o.n; }
  };

  CUPIX_HD void operator()(std::int64_t item) const {
    typename RegionOf<L>::Last last;
    RunCache<Bin, 4 * kCacheSlots<C>> cache;
    const auto to_rows = [this](const Bin& b) {
      if (b.region >= 0) kernels::atomic_add(counts + b.region, b.n);
    };
    const double lo = edges[0], hi = edges[bins];
    for (std::int64_t i = item * C, stop = this->stop(item); i < stop; ++i) {
      const std::int64_t r = this->regions.at(i, last);
      if (r < 0) continue;
      const double v = kernels::convert<double>(this->input[this->layout.offset(i)]);
      if (!(v >= lo && v <= hi)) continue;  // NaN too
      // A first guess from the bin width, then corrected against the edges themselves.
      std::int64_t k = bins - 1;
      if (hi > lo) {
        const double f = (v - lo) / (hi - lo) * static_cast<double>(bins);
        k = f < static_cast<double>(bins - 1) ? static_cast<std::int64_t>(f) : bins - 1;
      }
      while (k > 0 && v < edges[k]) --k;
      while (k < bins - 1 && v >= edges[k + 1]) ++k;
      cache.add(Bin{r * bins + k, 1}, to_rows);
    }
    cache.drain(to_rows);
  }
};

template <class L, class K>
struct RegionIds {
  const L* labels;
  kernels::Layout layout;
  const K* keys;  // null: region 0 for labels > 0
  std::int64_t count;
  std::int32_t* out;

  CUPIX_HD void operator()(std::int64_t i) const {
    const L v = labels[layout.offset(i)];
    if (keys == nullptr) {
      out[i] = v > L(0) ? 0 : -1;
    } else {
      out[i] = static_cast<std::int32_t>(find_key<K>(keys, count, static_cast<K>(v)));
    }
  }
};

// Each point's region (int32, -1 for none), for the backends' median.
template <class L>
struct RegionIdOf {
  RegionOf<L> regions;
  std::int32_t* out;
  CUPIX_HD void operator()(std::int64_t i) const {
    typename RegionOf<L>::Last last;  // one point per item: no run to remember
    out[i] = static_cast<std::int32_t>(regions.at(i, last));
  }
};

// The backend's work items: a few points per GPU thread, so that neighbouring threads read
// neighbouring memory; many per CPU item, handed out dynamically.
template <class B>
inline constexpr int kPointsPerItem = B::is_cuda ? 16 : 1 << 14;

template <class B, class F>
void launch_items(std::int64_t size, const F& f) {
  constexpr int C = kPointsPerItem<B>;
  const std::int64_t items = (size + C - 1) / C;
  if constexpr (B::is_cuda) B::parallel_for(items, f);
  else B::parallel_for_heavy(items, f);
}

template <class L>
RegionOf<L> region_of(const Regions& rg) {
  RegionOf<L> r{};
  r.mode = rg.mode;
  r.count = rg.count;
  r.first = rg.first;
  if (rg.mode != RegionMode::all) {
    r.labels = rg.labels.data_as<L>();
    r.layout = kernels::flat_layout_of(rg.labels);
  }
  if (rg.mode == RegionMode::keys) r.keys = rg.keys.data_as<std::int64_t>();
  return r;
}

// Calls f(TypeTag<T>{}, TypeTag<L>{}) for the input's dtype and the labels' (int32 when there are
// none).
template <class F>
void dispatch_regions(const NDArray& input, const Regions& rg, const char* what, F&& f) {
  const DType label_dtype = rg.mode == RegionMode::all ? DType::int32 : rg.labels.dtype();
  dispatch<AllTypes>(input.dtype(), what, [&]<class T>(TypeTag<T> t) {
    dispatch<TypeList<std::int32_t, std::int64_t>>(label_dtype, what, [&]<class L>(TypeTag<L> l) { f(t, l); });
  });
}

// A table of `shape` filled with `value`, made on the host and moved to `device`.
template <class V>
NDArray table(const Shape& shape, V value, Device device) {
  std::int64_t size = 1;
  for (std::int64_t n : shape) size *= n;
  return NDArray::from_vector(std::vector<V>(static_cast<std::size_t>(size), value)).reshape(shape).to(device);
}

template <class B>
RegionTables region_stats_run(const NDArray& input, const Regions& rg, unsigned wanted) {
  const std::int64_t n = rg.count;
  const Device device = input.device();
  RegionTables t;
  dispatch_regions(input, rg, "region statistics", [&]<class T, class L>(TypeTag<T>, TypeTag<L>) {
    constexpr int C = kPointsPerItem<B>;
    const PointRange<T, L, C> points{input.data_as<T>(), kernels::flat_layout_of(input), region_of<L>(rg),
                                     input.size()};
    const DType sum_dtype = std::is_floating_point_v<T> ? DType::float64
                            : std::is_unsigned_v<T> && !std::is_same_v<T, bool> ? DType::uint64
                                                                                 : DType::int64;
    t.count = table<std::int64_t>({n}, 0, device);
    t.sum = table<SumType<T>>({n}, 0, device);
    t.sum = NDArray(t.sum.owner(), t.sum.base(), t.sum.byte_offset(), sum_dtype, {n}, {}, device);
    if (wanted & (kExtrema | kPositions)) {
      t.min_key = table<std::uint64_t>({n}, ~std::uint64_t(0), device);
      t.max_key = table<std::uint64_t>({n}, 0, device);
    }
    const int nd = input.ndim();
    if (wanted & kMoments) t.moments = table<double>({n, nd}, 0.0, device);
    Accumulate<T, L, C> acc{points, wanted, nd, {}, t.count.data_as<std::int64_t>(), t.sum.data_as<SumType<T>>(),
                            wanted & (kExtrema | kPositions) ? t.min_key.data_as<std::uint64_t>() : nullptr,
                            wanted & (kExtrema | kPositions) ? t.max_key.data_as<std::uint64_t>() : nullptr,
                            wanted & kMoments ? t.moments.data_as<double>() : nullptr};
    if (wanted & kPositions) acc.wanted |= kExtrema;
    for (int d = 0; d < nd; ++d) acc.shape[d] = input.shape(d);
    launch_items<B>(input.size(), acc);
    if (!(wanted & (kCentered | kPositions))) return;
    if (wanted & kCentered) t.centered = table<double>({n}, 0.0, device);
    if (wanted & kPositions) {
      t.min_pos = table<std::int64_t>({n}, std::numeric_limits<std::int64_t>::max(), device);
      t.max_pos = table<std::int64_t>({n}, std::numeric_limits<std::int64_t>::max(), device);
    }
    const Deviations<T, L, C> dev{points,
                                  wanted,
                                  t.count.data_as<std::int64_t>(),
                                  t.sum.data_as<SumType<T>>(),
                                  wanted & kCentered ? t.centered.data_as<double>() : nullptr,
                                  acc.min_key,
                                  acc.max_key,
                                  wanted & kPositions ? t.min_pos.data_as<std::int64_t>() : nullptr,
                                  wanted & kPositions ? t.max_pos.data_as<std::int64_t>() : nullptr};
    launch_items<B>(input.size(), dev);
  });
  return t;
}

template <class B>
NDArray region_histogram_run(const NDArray& input, const Regions& rg, const NDArray& edges) {
  const std::int64_t bins = edges.size() - 1;
  NDArray counts = table<std::int64_t>({rg.count, bins}, 0, input.device());
  dispatch_regions(input, rg, "histogram", [&]<class T, class L>(TypeTag<T>, TypeTag<L>) {
    constexpr int C = kPointsPerItem<B>;
    launch_items<B>(input.size(), HistogramCounts<T, L, C>{{input.data_as<T>(), kernels::flat_layout_of(input),
                                                            region_of<L>(rg), input.size()},
                                                           edges.data_as<double>(),
                                                           bins,
                                                           counts.data_as<std::int64_t>()});
  });
  return counts;
}

template <class B>
NDArray region_ids_run(const NDArray& labels, const NDArray& keys) {
  NDArray out = NDArray::empty(labels.shape(), DType::int32, labels.device());
  using LabelTypes = TypeList<bool, std::uint8_t, std::uint16_t, std::uint32_t, std::uint64_t, std::int8_t, std::int16_t,
                              float, double>;
  dispatch<LabelTypes>(labels.dtype(), "labels", [&]<class L>(TypeTag<L>) {
    using K = std::conditional_t<std::is_floating_point_v<L>, double,
                                 std::conditional_t<std::is_same_v<L, std::uint64_t>, std::uint64_t, std::int64_t>>;
    B::parallel_for(labels.size(), RegionIds<L, K>{labels.data_as<L>(), kernels::flat_layout_of(labels),
                                                   keys.defined() ? keys.data_as<K>() : nullptr,
                                                   keys.defined() ? keys.size() : 0, out.data_as<std::int32_t>()});
  });
  return out;
}

}  // namespace cupix::ndimage::detail
