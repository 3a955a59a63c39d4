// Feature transforms one axis at a time, for the Euclidean distance (Felzenszwalb & Huttenlocher,
// 2012), the chessboard distance (Meijster, Roerdink & Hesselink, 2000) and the taxicab distance:
// along axis 0 each point finds its nearest zero on its line; along each further axis the lower
// envelope of the functions F_q(x) over the line's points q gives each point x its nearest zero so
// far, carried as that zero's C-order index and distance (squared for the Euclidean one). F_q is
// dist2(q) + (s (x - q))^2 for the Euclidean distance and max(dist(q), |x - q|) for the
// chessboard; the taxicab's dist(q) + |x - q| needs only two sweeps (TaxicabAxis). Work items are lines (below); on the GPU
// neighbouring threads take neighbouring lines, so every axis but the last reads coalesced.
#pragma once
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "cupix/core/dispatch.hpp"
#include "edt.hpp"
#include "kernels/hd.hpp"

namespace cupix::ndimage::detail {

// A metric for the lower envelope: `height` is a point's distance so far (squared for Euclid),
// `key` what the envelope's stack keeps of it, `boundary` the x beyond which the function of q1
// lies below that of q0 < q1 (every x, or none, at -inf or +inf), `at` F_q(x).
struct Euclidean {
  double s2;  // the axis spacing squared
  CUPIX_HD double first(double d) const { return d * d; }
  CUPIX_HD bool flat() const { return s2 == 0; }
  CUPIX_HD double key(double height, double q) const { return height + s2 * q * q; }
  CUPIX_HD double boundary(double q0, double key0, double q1, double key1) const {
    return (key1 - key0) / (2 * s2 * (q1 - q0));
  }
  CUPIX_HD double at(double height, double q, double x) const {
    const double d = x - q;
    return height + s2 * d * d;
  }
};

// Integer distances (held exactly in doubles); boundaries fall halfway between integers.
struct Chessboard {
  CUPIX_HD double first(double d) const { return d; }
  CUPIX_HD bool flat() const { return false; }
  CUPIX_HD double key(double height, double) const { return height; }
  CUPIX_HD double boundary(double q0, double g0, double q1, double g1) const {
    const double middle = ::floor((q0 + q1) / 2);
    return (g0 <= g1 ? (middle > q0 + g1 ? middle : q0 + g1) : (middle < q1 - g0 ? middle : q1 - g0)) + 0.5;
  }
  CUPIX_HD double at(double height, double q, double x) const {
    const double d = x > q ? x - q : q - x;
    return height > d ? height : d;
  }
};

struct Taxicab {  // along axis 0 only: TaxicabAxis takes the further axes
  CUPIX_HD double first(double d) const { return d; }
};

// Each work item takes C neighbouring lines, stepping along them together: the CPU takes 64, so
// that every step reads contiguous memory; the GPU one per thread, neighbouring threads reading
// neighbouring lines.

// Nearest zero along axis 0 (length n; `inner` lines, one per point of the other axes).
template <class T, int C, class M>
struct EdtFirstAxis {
  const T* input;
  kernels::Layout layout;
  bool contiguous;  // the input is C-contiguous: point p is input[p]
  std::int64_t n, inner;
  double s;
  M metric;
  std::int64_t* feat;
  double* dist2;

  CUPIX_HD void operator()(std::int64_t item) const {
    const std::int64_t line0 = item * C, count = inner - line0 < C ? inner - line0 : C;
    for (std::int64_t k = 0; k < n; ++k)  // forward: the last zero at or before k, kept in feat for now
      for (std::int64_t c = 0; c < count; ++c) {
        const std::int64_t p = line0 + c + k * inner;
        const T value = contiguous ? input[p] : input[layout.offset(p)];
        feat[p] = value == T(0) ? k : (k == 0 ? -1 : feat[p - inner]);
      }
    std::int64_t next[C];  // backward: the first zero at or after k
    for (std::int64_t c = 0; c < count; ++c) next[c] = -1;
    for (std::int64_t k = n - 1; k >= 0; --k)
      for (std::int64_t c = 0; c < count; ++c) {
        const std::int64_t p = line0 + c + k * inner, prev = feat[p];
        if (prev == k) next[c] = k;
        std::int64_t best = prev;
        if (next[c] >= 0 && (best < 0 || next[c] - k < k - prev)) best = next[c];
        const double d = static_cast<double>(best > k ? best - k : k - best) * s;
        feat[p] = best < 0 ? -1 : line0 + c + best * inner;
        dist2[p] = best < 0 ? std::numeric_limits<double>::infinity() : metric.first(d);
      }
  }
};

// The lower envelope along one further axis (length n, points `inner` apart) for the lines of
// item first_item + i. The envelope of its line c (position, height, zero, left boundary) goes to
// scratch entries k * sk + (i * C + c) * sl.
template <int C, class M>
struct EdtAxis {
  std::int64_t n, inner, items_per_outer, first_item;
  M metric;
  std::int64_t* feat;
  double* dist2;
  std::int64_t *v, *vfeat;
  double *vf, *z;
  std::int64_t sk, sl;

  // Steps along this axis cost nothing: every point takes the line's nearest zero.
  CUPIX_HD void flat(std::int64_t base) const {
    std::int64_t best = -1;
    double fbest = std::numeric_limits<double>::infinity();
    for (std::int64_t q = 0; q < n; ++q) {
      const std::int64_t p = base + q * inner;
      if (feat[p] >= 0 && dist2[p] < fbest) {
        fbest = dist2[p];
        best = feat[p];
      }
    }
    if (best < 0) return;
    for (std::int64_t x = 0; x < n; ++x) {
      feat[base + x * inner] = best;
      dist2[base + x * inner] = fbest;
    }
  }

  CUPIX_HD void operator()(std::int64_t i) const {
    const std::int64_t item = first_item + i, outer = item / items_per_outer;
    const std::int64_t in0 = (item - outer * items_per_outer) * C;
    const std::int64_t count = inner - in0 < C ? inner - in0 : C, base = outer * n * inner + in0;
    if (metric.flat()) {
      for (std::int64_t c = 0; c < count; ++c) flat(base + c);
      return;
    }
    // Top of each line's envelope, with its function kept in registers (position, key, left
    // boundary): pushing a function then reads no memory unless it pops.
    std::int64_t m[C];
    double top_r[C], top_g[C], top_z[C];
    for (std::int64_t c = 0; c < count; ++c) m[c] = -1;
    for (std::int64_t q = 0; q < n; ++q)
      for (std::int64_t c = 0; c < count; ++c) {
        const std::int64_t p = base + c + q * inner, fe = feat[p];
        if (fe < 0) continue;
        const std::int64_t at = (i * C + c) * sl;
        const double f = dist2[p], dq = static_cast<double>(q), fq = metric.key(f, dq);
        double s = 0;
        std::int64_t top = m[c];
        while (top >= 0) {
          s = metric.boundary(top_r[c], top_g[c], dq, fq);
          if (s > top_z[c]) break;
          if (--top >= 0) {
            const double r = static_cast<double>(v[at + top * sk]);
            top_r[c] = r;
            top_g[c] = metric.key(vf[at + top * sk], r);
            top_z[c] = z[at + top * sk];
          }
        }
        ++top;
        top_r[c] = dq;
        top_g[c] = fq;
        top_z[c] = top == 0 ? -std::numeric_limits<double>::infinity() : s;
        v[at + top * sk] = q;
        vf[at + top * sk] = f;
        vfeat[at + top * sk] = fe;
        z[at + top * sk] = top_z[c];
        m[c] = top;
      }
    std::int64_t k[C];
    for (std::int64_t c = 0; c < count; ++c) k[c] = 0;
    for (std::int64_t x = 0; x < n; ++x)
      for (std::int64_t c = 0; c < count; ++c) {
        if (m[c] < 0) continue;  // no zero reaches this line yet
        const std::int64_t at = (i * C + c) * sl;
        while (k[c] < m[c] && z[at + (k[c] + 1) * sk] < static_cast<double>(x)) ++k[c];
        dist2[base + c + x * inner] =
            metric.at(vf[at + k[c] * sk], static_cast<double>(v[at + k[c] * sk]), static_cast<double>(x));
        feat[base + c + x * inner] = vfeat[at + k[c] * sk];
      }
  }
};

// The taxicab distance needs no envelope: along each further axis, |x - q| + dist(q) is smallest
// for the q that a forward and a backward sweep of "one more than the neighbour" reach (the exact
// one-dimensional L1 transform), carrying the neighbour's zero. C lines of the axis per item, as
// EdtAxis's.
template <int C>
struct TaxicabAxis {
  std::int64_t n, inner, items_per_outer;
  std::int64_t* feat;
  double* dist;

  CUPIX_HD void step(std::int64_t from, std::int64_t to) const {
    if (dist[from] + 1 < dist[to]) {
      dist[to] = dist[from] + 1;
      feat[to] = feat[from];
    }
  }
  CUPIX_HD void operator()(std::int64_t item) const {
    const std::int64_t outer = item / items_per_outer, in0 = (item - outer * items_per_outer) * C;
    const std::int64_t count = inner - in0 < C ? inner - in0 : C, base = outer * n * inner + in0;
    for (std::int64_t k = 1; k < n; ++k)
      for (std::int64_t c = 0; c < count; ++c) step(base + c + (k - 1) * inner, base + c + k * inner);
    for (std::int64_t k = n - 2; k >= 0; --k)
      for (std::int64_t c = 0; c < count; ++c) step(base + c + (k + 1) * inner, base + c + k * inner);
  }
};

// Distances and indices from the features. A distance is the square root of the squared
// distance the passes carried: exact for unit spacings, within rounding of SciPy's (which sums the
// per-axis terms in axis order) otherwise. Without any zero, SciPy measures to (-1, 0, ...).
struct EdtOutput {
  const std::int64_t* feat;
  const double* dist2;
  int ndim;
  std::int64_t shape[kMaxDims], stride[kMaxDims];  // C-order strides in points
  double sampling[kMaxDims];
  double* dist;
  kernels::Layout dist_l;
  std::int32_t* idx;
  kernels::Layout idx_l;  // of the (ndim, ...) indices array
  std::int64_t size;

  CUPIX_HD std::int64_t coordinate(std::int64_t point, int d) const {
    return point >= 0 ? (point / stride[d]) % shape[d] : (d == 0 ? -1 : 0);
  }

  CUPIX_HD void operator()(std::int64_t i) const {
    const std::int64_t f = feat[i];
    if (dist) {
      double d2 = dist2[i];
      if (f < 0) {
        d2 = 0;
        for (int d = 0; d < ndim; ++d) {
          const double diff = static_cast<double>(coordinate(f, d) - coordinate(i, d)) * sampling[d];
          d2 += diff * diff;
        }
      }
      dist[dist_l.offset(i)] = ::sqrt(d2);
    }
    if (idx)
      for (int d = 0; d < ndim; ++d) idx[idx_l.offset(d * size + i)] = static_cast<std::int32_t>(coordinate(f, d));
  }
};

// Backend-specific parts: EdtLaunch<B>::kLastAxisFirst, and when it is true
// nearest_on_last_axis<T>(input, n, lines, spacing, metric, feat, dist) for the first pass.
// Specialised in edt_{cpu.cpp,cuda.cu}.
template <class B>
struct EdtLaunch;

// The metric of axis d.
template <class M>
M metric_of(const std::vector<double>& sampling, int d) {
  if constexpr (std::is_same_v<M, Euclidean>) return {sampling[static_cast<std::size_t>(d)] * sampling[static_cast<std::size_t>(d)]};
  else return {};
}

template <class B, class M>
EdtFeatures feature_transform_metric(const NDArray& input, const std::vector<double>& sampling) {
  const Shape& shape = input.shape();
  const int nd = input.ndim();
  const std::int64_t size = input.size();
  NDArray feat = NDArray::empty(shape, DType::int64, input.device());
  NDArray dist2 = NDArray::empty(shape, DType::float64, input.device());
  if (size == 0) return {feat, dist2};
  std::int64_t* fe = feat.data_as<std::int64_t>();
  double* d2 = dist2.data_as<double>();
  constexpr int C = B::is_cuda ? 1 : 64;
  // The first pass finds each point's nearest zero on its line, the envelope passes take the
  // other axes. The CPU starts along axis 0 (64 neighbouring lines per item read contiguous
  // memory); the GPU along the last axis, a warp per line (EdtLaunch), so that every pass reads
  // coalesced.
  constexpr bool last_first = EdtLaunch<B>::kLastAxisFirst;
  const int first = last_first ? nd - 1 : 0;
  dispatch<AllTypes>(input.dtype(), "distance transform", [&]<class T>(TypeTag<T>) {
    const std::int64_t n = shape[static_cast<std::size_t>(first)], lines = size / n;
    if constexpr (last_first) {
      EdtLaunch<B>::template nearest_on_last_axis<T>(input, n, lines, sampling[static_cast<std::size_t>(first)],
                                                     metric_of<M>(sampling, first), fe, d2);
    } else {
      B::parallel_for_heavy((lines + C - 1) / C,
                            EdtFirstAxis<T, C, M>{input.data_as<T>(), kernels::flat_layout_of(input),
                                                  input.is_c_contiguous(), n, lines, sampling[0],
                                                  metric_of<M>(sampling, 0), fe, d2});
    }
  });
  for (int d = 0; d < nd; ++d) {
    if (d == first) continue;
    const std::int64_t n = shape[static_cast<std::size_t>(d)];
    std::int64_t inner = 1;
    for (int a = d + 1; a < nd; ++a) inner *= shape[static_cast<std::size_t>(a)];
    // Along the last axis (inner == 1) lines are contiguous already: one per item.
    const auto pass = [&]<int G>(std::integral_constant<int, G>) {
      const std::int64_t items_per_outer = (inner + G - 1) / G, items = size / (n * inner) * items_per_outer;
      // Scratch (32 bytes per line point) for a batch of items, reused: at most 64 MiB on the CPU,
      // 2 GiB on the GPU (which wants every line at once for parallelism).
      const std::int64_t max_points = B::is_cuda ? std::int64_t{1} << 26 : std::int64_t{1} << 21;
      const std::int64_t batch = std::clamp<std::int64_t>(max_points / n / G, 1, items);
      const std::int64_t slots = batch * G;
      const NDArray ints = NDArray::empty({2, slots, n}, DType::int64, input.device());
      const NDArray reals = NDArray::empty({2, slots, n}, DType::float64, input.device());
      EdtAxis<G, M> op{n, inner, items_per_outer, 0, metric_of<M>(sampling, d), fe, d2,
                    ints.data_as<std::int64_t>(), ints.data_as<std::int64_t>() + slots * n, reals.data_as<double>(),
                    reals.data_as<double>() + slots * n, B::is_cuda ? slots : 1, B::is_cuda ? 1 : n};
      for (op.first_item = 0; op.first_item < items; op.first_item += batch)
        B::parallel_for_heavy(std::min(batch, items - op.first_item), op);
    };
    if constexpr (std::is_same_v<M, Taxicab>) {
      const std::int64_t g = inner == 1 ? 1 : C, items_per_outer = (inner + g - 1) / g;
      const auto items = size / (n * inner) * items_per_outer;
      if (g == 1) B::parallel_for_heavy(items, TaxicabAxis<1>{n, inner, items_per_outer, fe, d2});
      else B::parallel_for_heavy(items, TaxicabAxis<C>{n, inner, items_per_outer, fe, d2});
    } else if (inner == 1) {
      pass(std::integral_constant<int, 1>{});
    } else {
      pass(std::integral_constant<int, C>{});
    }
  }
  return {feat, dist2};
}

template <class B>
EdtFeatures feature_transform_run(const NDArray& input, const std::vector<double>& sampling, EnvelopeMetric metric) {
  switch (metric) {
    case EnvelopeMetric::chessboard: return feature_transform_metric<B, Chessboard>(input, sampling);
    case EnvelopeMetric::taxicab: return feature_transform_metric<B, Taxicab>(input, sampling);
    default: return feature_transform_metric<B, Euclidean>(input, sampling);
  }
}

// distance_transform_cdt's outputs: int32 distances, -1 where no zero exists (SciPy's "not
// reached"), and the zero's coordinates, or the point's own where there is none (as SciPy's).
struct CdtOutput {
  const std::int64_t* feat;
  const double* dist;
  int ndim;
  std::int64_t shape[kMaxDims], stride[kMaxDims];  // C-order strides in points
  std::int32_t* distances;
  kernels::Layout dist_l;
  std::int32_t* idx;
  kernels::Layout idx_l;  // of the (ndim, ...) indices array
  std::int64_t size;

  CUPIX_HD void operator()(std::int64_t i) const {
    const std::int64_t f = feat[i];
    if (distances) distances[dist_l.offset(i)] = f < 0 ? -1 : static_cast<std::int32_t>(dist[i]);
    if (idx) {
      const std::int64_t point = f < 0 ? i : f;
      for (int d = 0; d < ndim; ++d)
        idx[idx_l.offset(d * size + i)] = static_cast<std::int32_t>((point / stride[d]) % shape[d]);
    }
  }
};

// An output functor's shape and C-order point strides (EdtOutput, CdtOutput), from the features.
template <class Op>
void set_point_strides(Op& op, const NDArray& feat) {
  std::int64_t stride = 1;
  for (int d = feat.ndim() - 1; d >= 0; --d) {
    op.shape[d] = feat.shape(d);
    op.stride[d] = stride;
    stride *= feat.shape(d);
  }
}

template <class B>
void cdt_outputs_run(const EdtFeatures& features, const NDArray& distances, const NDArray& indices) {
  const NDArray& feat = features.feat;
  CdtOutput op{feat.data_as<std::int64_t>(), features.dist2.data_as<double>(), feat.ndim(), {}, {},
               distances.defined() ? distances.data_as<std::int32_t>() : nullptr,
               distances.defined() ? kernels::flat_layout_of(distances) : kernels::Layout{},
               indices.defined() ? indices.data_as<std::int32_t>() : nullptr,
               indices.defined() ? kernels::flat_layout_of(indices) : kernels::Layout{}, feat.size()};
  set_point_strides(op, feat);
  B::parallel_for(feat.size(), op);
}

template <class B>
void edt_outputs_run(const EdtFeatures& features, const std::vector<double>& sampling, const NDArray& distances,
                     const NDArray& indices) {
  const NDArray& feat = features.feat;
  EdtOutput op{feat.data_as<std::int64_t>(), features.dist2.data_as<double>(), feat.ndim(), {}, {}, {},
               distances.defined() ? distances.data_as<double>() : nullptr,
               distances.defined() ? kernels::flat_layout_of(distances) : kernels::Layout{},
               indices.defined() ? indices.data_as<std::int32_t>() : nullptr,
               indices.defined() ? kernels::flat_layout_of(indices) : kernels::Layout{}, feat.size()};
  set_point_strides(op, feat);
  for (int d = 0; d < feat.ndim(); ++d) op.sampling[d] = sampling[static_cast<std::size_t>(d)];
  B::parallel_for(feat.size(), op);
}

}  // namespace cupix::ndimage::detail
