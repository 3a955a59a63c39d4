// ndimage::distance_transform_cdt: SciPy's argument rules; the chessboard and taxicab metrics on
// the feature-transform engine (edt_impl.hpp), or for distances alone on the CPU by specialised
// raster passes; any other structure by SciPy's two raster passes.
#include <algorithm>
#include <limits>
#include <string>

#include "arguments.hpp"
#include "backends/backend.hpp"
#include "cupix/ndimage.hpp"
#include "edt.hpp"

namespace cupix::ndimage {
namespace {

// The points of the 3^ndim cube before its centre in C order, as offsets of -1, 0 or 1 per axis:
// the neighbours a raster scan has visited before the point.
std::vector<std::vector<std::int64_t>> half_cube(int ndim) {
  std::int64_t cube = 1;
  for (int a = 0; a < ndim; ++a) cube *= 3;
  std::vector<std::vector<std::int64_t>> points;
  for (std::int64_t k = 0; k < cube / 2; ++k) {
    std::vector<std::int64_t> d(static_cast<std::size_t>(ndim));
    for (std::int64_t rest = k, a = ndim - 1; a >= 0; --a, rest /= 3) d[static_cast<std::size_t>(a)] = rest % 3 - 1;
    points.push_back(d);
  }
  return points;
}

// The neighbour offsets a structure gives SciPy's scan: its nonzero elements before the centre in
// C order (SciPy reads no others: the backward pass mirrors these).
std::vector<std::vector<std::int64_t>> scan_offsets(const NDArray& structure, int ndim) {
  if (structure.ndim() != ndim) throw RuntimeError("structure and input must have same dimensionality");
  for (auto s : structure.shape())
    if (s != 3) throw ValueError("metric sizes must be equal to 3");
  const NDArray mask = structure.to(Device::cpu()).astype(DType::bool_);
  const auto half = half_cube(ndim);
  std::vector<std::vector<std::int64_t>> offsets;
  for (std::size_t k = 0; k < half.size(); ++k)
    if (mask.data_as<bool>()[k]) offsets.push_back(half[k]);
  return offsets;
}

// SciPy's scan (C order, then reverse C order with the offsets mirrored): a point takes one more
// than the first of its reached neighbours that improves on what it holds (-1: nothing yet), and
// that neighbour's zero. dt starts as -1 for nonzero points and 0 for zeros; ft as each point's
// own C-order index.
void raster_passes(const Shape& shape, const std::vector<std::vector<std::int64_t>>& offsets, std::int32_t* dt,
                   std::int64_t* ft) {
  const int nd = static_cast<int>(shape.size());
  std::int64_t size = 1;
  std::vector<std::int64_t> stride(shape.size());
  for (int a = nd - 1; a >= 0; --a) {
    stride[static_cast<std::size_t>(a)] = size;
    size *= shape[static_cast<std::size_t>(a)];
  }
  std::vector<std::int64_t> step;
  for (const auto& d : offsets) {
    std::int64_t s = 0;
    for (int a = 0; a < nd; ++a) s += d[static_cast<std::size_t>(a)] * stride[static_cast<std::size_t>(a)];
    step.push_back(s);
  }
  for (const int sign : {1, -1}) {
    std::vector<std::int64_t> index(shape.size(), 0);  // the point's coordinates, an odometer
    if (sign < 0)
      for (int a = 0; a < nd; ++a) index[static_cast<std::size_t>(a)] = shape[static_cast<std::size_t>(a)] - 1;
    for (std::int64_t n = 0; n < size; ++n) {
      const std::int64_t p = sign > 0 ? n : size - 1 - n;
      if (dt[p] != 0) {
        std::int32_t best = dt[p];
        std::int64_t from = -1;
        for (std::size_t k = 0; k < offsets.size(); ++k) {
          bool inside = true;
          for (int a = 0; a < nd && inside; ++a) {
            const std::int64_t c = index[static_cast<std::size_t>(a)] + sign * offsets[k][static_cast<std::size_t>(a)];
            inside = c >= 0 && c < shape[static_cast<std::size_t>(a)];
          }
          if (!inside) continue;
          const std::int64_t q = p + sign * step[k];
          if (dt[q] >= 0 && (best < 0 || dt[q] + 1 < best)) {
            best = dt[q] + 1;
            from = q;
          }
        }
        dt[p] = best;
        if (from >= 0) ft[p] = ft[from];
      }
      for (int a = nd - 1; a >= 0; --a) {  // the next point's coordinates
        auto& c = index[static_cast<std::size_t>(a)];
        if (sign > 0 ? ++c < shape[static_cast<std::size_t>(a)] : --c >= 0) break;
        c = sign > 0 ? 0 : shape[static_cast<std::size_t>(a)] - 1;
      }
    }
  }
}

// Distances and indices by the raster scan, on the host, into the (any-device) outputs.
void cdt_by_scan(const NDArray& input, const std::vector<std::vector<std::int64_t>>& offsets, const NDArray& distances,
                 const NDArray& indices) {
  const NDArray mask = input.to(Device::cpu()).astype(DType::bool_);
  NDArray dt = NDArray::empty(input.shape(), DType::int32);
  NDArray ft = NDArray::empty(input.shape(), DType::int64);
  auto* d = dt.data_as<std::int32_t>();
  auto* f = ft.data_as<std::int64_t>();
  for (std::int64_t i = 0; i < mask.size(); ++i) {
    d[i] = mask.data_as<bool>()[i] ? -1 : 0;
    f[i] = i;
  }
  raster_passes(input.shape(), offsets, d, f);
  if (distances.defined()) copy_into(dt, distances);
  if (!indices.defined()) return;
  NDArray idx = NDArray::empty(indices.shape(), DType::int32);
  auto* out = idx.data_as<std::int32_t>();
  const std::int64_t size = input.size();
  for (std::int64_t i = 0; i < size; ++i)
    for (std::int64_t rest = f[i], a = input.ndim() - 1; a >= 0; --a) {
      const std::int64_t n = input.shape(static_cast<int>(a));
      out[a * size + i] = static_cast<std::int32_t>(rest % n);
      rest /= n;
    }
  copy_into(idx, indices);
}

// Distances alone, on the CPU, for the two standard metrics: SciPy's two raster passes (exact
// for them), specialised. The mask is padded by one point of "far" on every side, so that no
// neighbour needs a bounds check; each line takes its neighbours on earlier lines all at once
// (loops the compiler vectorises), then its one neighbour on the same line as a running minimum.
// On two cores this is about three times SciPy's speed; the feature-transform engine, which GPUs
// need (a raster scan is one long chain of dependencies), computes indices nobody asked for.
void chamfer_distances(const NDArray& input, detail::EnvelopeMetric metric, const NDArray& distances) {
  const int nd = input.ndim();
  const Shape& shape = input.shape();
  Shape padded(shape.size()), stride(shape.size());
  std::int64_t size = 1;
  for (int a = nd - 1; a >= 0; --a) {
    const auto i = static_cast<std::size_t>(a);
    padded[i] = shape[i] + 2;
    stride[i] = size;
    size *= padded[i];
  }
  // Offsets (in the padded array) of the neighbours on earlier lines: chessboard, every point of
  // the 3^nd cube before the centre in C order but the same line's; taxicab, the faces.
  std::vector<std::int64_t> earlier;
  if (metric == detail::EnvelopeMetric::taxicab) {
    for (int a = 0; a < nd - 1; ++a) earlier.push_back(-stride[static_cast<std::size_t>(a)]);
  } else {
    for (const auto& d : half_cube(nd)) {
      std::int64_t offset = 0;
      for (int a = 0; a < nd; ++a) offset += d[static_cast<std::size_t>(a)] * stride[static_cast<std::size_t>(a)];
      if (std::any_of(d.begin(), d.end() - 1, [](std::int64_t c) { return c != 0; })) earlier.push_back(offset);
    }
  }
  constexpr std::int32_t kFar = std::numeric_limits<std::int32_t>::max() / 2;  // far + 1 does not wrap
  std::vector<std::int32_t> dt(static_cast<std::size_t>(size), kFar);  // the padding stays far
  const NDArray mask = input.astype(DType::bool_);
  const bool* m = mask.data_as<bool>();
  const std::int64_t n = shape.back(), lines = input.size() / std::max<std::int64_t>(n, 1);
  // The padded index of each line's first point, in C order of the lines.
  auto line_start = [&](std::int64_t line) {
    std::int64_t p = 1;  // the last axis' padding
    for (int a = nd - 2; a >= 0; --a) {
      const std::int64_t extent = shape[static_cast<std::size_t>(a)];
      p += (line % extent + 1) * stride[static_cast<std::size_t>(a)];
      line /= extent;
    }
    return p;
  };
#pragma omp parallel for schedule(static)
  for (std::int64_t line = 0; line < lines; ++line) {
    std::int32_t* row = dt.data() + line_start(line);
    const bool* in = m + line * n;
    for (std::int64_t c = 0; c < n; ++c) row[c] = in[c] ? kFar : 0;
  }
  for (std::int64_t l = 0; l < lines; ++l) {  // forward: earlier lines, then leftwards
    std::int32_t* row = dt.data() + line_start(l);
    for (const std::int64_t off : earlier) {
      const std::int32_t* q = row + off;
      for (std::int64_t c = 0; c < n; ++c) row[c] = std::min(row[c], q[c] + 1);
    }
    for (std::int64_t c = 0; c < n; ++c) row[c] = std::min(row[c], row[c - 1] + 1);
  }
  for (std::int64_t l = lines - 1; l >= 0; --l) {  // backward: the mirror image
    std::int32_t* row = dt.data() + line_start(l);
    for (const std::int64_t off : earlier) {
      const std::int32_t* q = row - off;
      for (std::int64_t c = 0; c < n; ++c) row[c] = std::min(row[c], q[c] + 1);
    }
    for (std::int64_t c = n - 1; c >= 0; --c) row[c] = std::min(row[c], row[c + 1] + 1);
  }
  NDArray out = NDArray::empty(shape, DType::int32);
  auto* o = out.data_as<std::int32_t>();
#pragma omp parallel for schedule(static)
  for (std::int64_t line = 0; line < lines; ++line) {
    const std::int32_t* row = dt.data() + line_start(line);
    for (std::int64_t c = 0; c < n; ++c) o[line * n + c] = row[c] >= kFar ? -1 : row[c];  // no zero: SciPy's -1
  }
  copy_into(out, distances);
}

// A structure whose scan offsets are all of one of the two standard metrics' runs on the
// feature-transform engine.
std::optional<detail::EnvelopeMetric> standard_metric(const std::vector<std::vector<std::int64_t>>& offsets, int ndim) {
  std::size_t faces = 0;
  for (const auto& d : offsets) {
    int nonzero = 0;
    for (auto c : d) nonzero += c != 0;
    faces += nonzero == 1;
  }
  std::size_t half = 1;
  for (int a = 0; a < ndim; ++a) half *= 3;
  half /= 2;
  if (offsets.size() == half) return detail::EnvelopeMetric::chessboard;
  if (faces == offsets.size() && faces == static_cast<std::size_t>(ndim)) return detail::EnvelopeMetric::taxicab;
  return std::nullopt;
}

}  // namespace

DistanceTransformResult distance_transform_cdt(const NDArray& input_arg, const DistanceTransformCdtOptions& o) {
  if (!input_arg.defined()) throw ValueError("distance_transform_cdt: input is undefined");
  detail::check_return_flags(o.return_distances, o.return_indices, o.distances.defined(), o.indices.defined());
  if (input_arg.ndim() == 0) throw TypeError("distance_transform_cdt: the input must have at least one dimension");
  // float16 (a storage type the kernels do not take) as its nonzero mask, which is all that counts
  const NDArray input = input_arg.dtype() == DType::float16 ? input_arg.astype(DType::bool_) : input_arg;
  const int nd = input.ndim();

  std::optional<detail::EnvelopeMetric> metric;
  std::vector<std::vector<std::int64_t>> offsets;
  if (o.structure.defined()) {
    offsets = scan_offsets(o.structure, nd);
    metric = standard_metric(offsets, nd);
  } else if (o.metric == "chessboard") {
    metric = detail::EnvelopeMetric::chessboard;
  } else if (o.metric == "taxicab" || o.metric == "cityblock" || o.metric == "manhattan") {
    metric = detail::EnvelopeMetric::taxicab;
  } else {
    throw ValueError("invalid metric provided");
  }

  NDArray distances = o.distances;
  if (distances.defined()) {
    if (distances.dtype() != DType::int32) throw ValueError("distances must be of int32 type");
    if (distances.shape() != input.shape()) throw ValueError("distances has wrong shape");
    detail::check_same_device(distances, input, "distances");
  } else if (o.return_distances) {
    distances = NDArray::empty(input.shape(), DType::int32, input.device());
  }
  Shape index_shape{nd};
  index_shape.insert(index_shape.end(), input.shape().begin(), input.shape().end());
  NDArray indices = o.indices;
  if (indices.defined()) {
    if (indices.dtype() != DType::int32) throw ValueError("indices array must be int32");
    if (indices.shape() != index_shape) throw ValueError("indices array has wrong shape");
    detail::check_same_device(indices, input, "indices");
  } else if (o.return_indices) {
    indices = NDArray::empty(index_shape, DType::int32, input.device());
  }

  if (input.size() > 0) {
    // The chessboard's scan visits 3^nd / 2 neighbours per point: past 3-D the engine's passes
    // per axis cost less.
    if (metric && !indices.defined() && !input.device().is_cuda() &&
        (*metric == detail::EnvelopeMetric::taxicab || nd <= 3)) {
      chamfer_distances(input, *metric, distances);
    } else if (metric) {
      backends::with_backend(input.device(), [&]<class B>(backends::Tag<B>) {
        const auto features = detail::feature_transform_run<B>(input, std::vector<double>(static_cast<std::size_t>(nd), 1.0), *metric);
        detail::cdt_outputs_run<B>(features, distances, indices);
      });
    } else {
      cdt_by_scan(input, offsets, distances, indices);
    }
  }
  DistanceTransformResult r;
  if (o.return_distances && !o.distances.defined()) r.distances = distances;
  if (o.return_indices && !o.indices.defined()) r.indices = indices;
  return r;
}

}  // namespace cupix::ndimage
