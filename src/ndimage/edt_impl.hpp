// The Euclidean feature transform, one axis at a time (Felzenszwalb & Huttenlocher, 2012): along
// axis 0 each point finds its nearest zero on its line; along each further axis the lower envelope
// of the parabolas dist2(q) + (s (x - q))^2 over the line's points q gives each point x its
// nearest zero so far, carried as that zero's C-order index. Each work item is one line; on the
// GPU neighbouring threads take neighbouring lines, so every axis but the last reads coalesced.
#pragma once
#include <cmath>
#include <limits>

#include "cupix/core/dispatch.hpp"
#include "edt.hpp"
#include "kernels/hd.hpp"

namespace cupix::ndimage::detail {

// Nearest zero along axis 0 (length n, lines `inner` apart), for line `line`.
template <class T>
struct EdtFirstAxis {
  const T* input;
  kernels::Layout layout;
  std::int64_t n, inner;
  double s;
  std::int64_t* feat;
  double* dist2;

  CUPIX_HD void operator()(std::int64_t line) const {
    std::int64_t last = -1;  // forward: the last zero at or before k, kept in feat for now
    for (std::int64_t k = 0; k < n; ++k) {
      const std::int64_t p = line + k * inner;
      if (input[layout.offset(p)] == T(0)) last = k;
      feat[p] = last;
    }
    std::int64_t next = -1;  // backward: the first zero at or after k
    for (std::int64_t k = n - 1; k >= 0; --k) {
      const std::int64_t p = line + k * inner, prev = feat[p];
      if (prev == k) next = k;
      std::int64_t best = prev;
      if (next >= 0 && (best < 0 || next - k < k - prev)) best = next;
      const double d = static_cast<double>(k - best) * s;
      feat[p] = best < 0 ? -1 : line + best * inner;
      dist2[p] = best < 0 ? std::numeric_limits<double>::infinity() : d * d;
    }
  }
};

// The lower envelope along one further axis (length n, points `inner` apart), for the lines
// first_line + item. The envelope's parabolas (position, height, zero, left boundary) go to
// scratch entry k * sk + item * sl.
struct EdtAxis {
  std::int64_t n, inner, first_line;
  double s2;  // spacing squared
  std::int64_t* feat;
  double* dist2;
  std::int64_t *v, *vfeat;
  double *vf, *z;
  std::int64_t sk, sl;

  CUPIX_HD void operator()(std::int64_t item) const {
    const std::int64_t line = first_line + item, outer = line / inner;
    const std::int64_t base = outer * n * inner + (line - outer * inner);
    if (s2 == 0) {  // steps along this axis cost nothing: every point takes the line's nearest zero
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
      return;
    }
    const std::int64_t at = item * sl;
    std::int64_t m = -1;  // top of the envelope
    for (std::int64_t q = 0; q < n; ++q) {
      const std::int64_t p = base + q * inner, fe = feat[p];
      if (fe < 0) continue;
      const double f = dist2[p], fq = f + s2 * static_cast<double>(q) * static_cast<double>(q);
      double s = 0;
      while (m >= 0) {
        const double r = static_cast<double>(v[at + m * sk]);
        s = (fq - (vf[at + m * sk] + s2 * r * r)) / (2 * s2 * (static_cast<double>(q) - r));
        if (s > z[at + m * sk]) break;
        --m;
      }
      ++m;
      v[at + m * sk] = q;
      vf[at + m * sk] = f;
      vfeat[at + m * sk] = fe;
      z[at + m * sk] = m == 0 ? -std::numeric_limits<double>::infinity() : s;
    }
    if (m < 0) return;  // no zero reaches this line yet
    std::int64_t k = 0;
    for (std::int64_t x = 0; x < n; ++x) {
      while (k < m && z[at + (k + 1) * sk] < static_cast<double>(x)) ++k;
      const double d = static_cast<double>(x - v[at + k * sk]);
      dist2[base + x * inner] = vf[at + k * sk] + s2 * d * d;
      feat[base + x * inner] = vfeat[at + k * sk];
    }
  }
};

// Distances (as SciPy forms them: per-axis differences times spacing, squared, summed in axis
// order, square root) and indices from the features.
struct EdtOutput {
  const std::int64_t* feat;
  int ndim;
  std::int64_t shape[kMaxDims], stride[kMaxDims];  // C-order strides in points
  double sampling[kMaxDims];
  double* dist;
  kernels::Layout dist_l;
  std::int32_t* idx;
  kernels::Layout idx_l;  // of the (ndim, ...) indices array
  std::int64_t size;

  CUPIX_HD void operator()(std::int64_t i) const {
    const std::int64_t f = feat[i];
    double acc = 0;
    for (int d = 0; d < ndim; ++d) {
      const std::int64_t c = (i / stride[d]) % shape[d];
      // Without any zero, SciPy's indices are (-1, 0, ...).
      const std::int64_t cf = f >= 0 ? (f / stride[d]) % shape[d] : (d == 0 ? -1 : 0);
      const double diff = static_cast<double>(cf - c) * sampling[d];
      acc = d == 0 ? diff * diff : acc + diff * diff;
      if (idx) idx[idx_l.offset(d * size + i)] = static_cast<std::int32_t>(cf);
    }
    if (dist) dist[dist_l.offset(i)] = ::sqrt(acc);
  }
};

template <class B>
NDArray feature_transform_run(const NDArray& input, const std::vector<double>& sampling) {
  const Shape& shape = input.shape();
  const int nd = input.ndim();
  const std::int64_t size = input.size();
  NDArray feat = NDArray::empty(shape, DType::int64, input.device());
  NDArray dist2 = NDArray::empty(shape, DType::float64, input.device());
  if (size == 0) return feat;
  std::int64_t* fe = feat.data_as<std::int64_t>();
  double* d2 = dist2.data_as<double>();
  const std::int64_t n0 = shape[0];
  dispatch<AllTypes>(input.dtype(), "distance_transform_edt", [&]<class T>(TypeTag<T>) {
    B::parallel_for_heavy(size / n0, EdtFirstAxis<T>{input.data_as<T>(), kernels::flat_layout_of(input), n0,
                                                     size / n0, sampling[0], fe, d2});
  });
  std::int64_t inner = size / n0;
  for (int d = 1; d < nd; ++d) {
    const std::int64_t n = shape[static_cast<std::size_t>(d)];
    inner /= n;
    const std::int64_t lines = size / n;
    // Scratch for a batch of lines: all of them on the GPU, a few thousand (reused) on the CPU.
    const std::int64_t batch = B::is_cuda ? lines : std::min<std::int64_t>(lines, 4096);
    const NDArray ints = NDArray::empty({2, batch, n}, DType::int64, input.device());
    const NDArray reals = NDArray::empty({2, batch, n}, DType::float64, input.device());
    EdtAxis op{n, inner, 0, sampling[static_cast<std::size_t>(d)] * sampling[static_cast<std::size_t>(d)],
               fe, d2, ints.data_as<std::int64_t>(), ints.data_as<std::int64_t>() + batch * n,
               reals.data_as<double>(), reals.data_as<double>() + batch * n,
               B::is_cuda ? batch : 1, B::is_cuda ? 1 : n};
    for (op.first_line = 0; op.first_line < lines; op.first_line += batch)
      B::parallel_for_heavy(std::min(batch, lines - op.first_line), op);
  }
  return feat;
}

template <class B>
void edt_outputs_run(const NDArray& feat, const std::vector<double>& sampling, const NDArray& distances,
                     const NDArray& indices) {
  EdtOutput op{feat.data_as<std::int64_t>(), feat.ndim(), {}, {}, {},
               distances.defined() ? distances.data_as<double>() : nullptr,
               distances.defined() ? kernels::flat_layout_of(distances) : kernels::Layout{},
               indices.defined() ? indices.data_as<std::int32_t>() : nullptr,
               indices.defined() ? kernels::flat_layout_of(indices) : kernels::Layout{}, feat.size()};
  std::int64_t stride = 1;
  for (int d = feat.ndim() - 1; d >= 0; --d) {
    op.shape[d] = feat.shape(d);
    op.stride[d] = stride;
    op.sampling[d] = sampling[static_cast<std::size_t>(d)];
    stride *= feat.shape(d);
  }
  B::parallel_for(feat.size(), op);
}

}  // namespace cupix::ndimage::detail
