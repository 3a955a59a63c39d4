// The single-source n-D correlation kernel: one output per work item. Interior points (every
// footprint offset inside the array) read through precomputed linear offsets; points near an edge
// map each coordinate through the boundary mode.
#pragma once
#include "correlate.hpp"
#include "correlate1d_impl.hpp"
#include "cupix/core/dispatch.hpp"
#include "kernels/boundary.hpp"
#include "kernels/cast.hpp"

namespace cupix::ndimage::detail {

// A work item computes C consecutive outputs along the last axis: on the CPU (C = 64) the
// position is decoded once per item and, in the interior, the loop over the C outputs runs
// inside the loop over taps, over contiguous memory, so it vectorises; on the GPU C = 1.
template <class T, class Acc, class R, int C>
struct CorrelateOp {
  const T* in;
  char* out;
  kernels::Layout in_l, out_l;
  DType out_dtype;
  std::int64_t out_item;
  const Acc* w;
  const std::int32_t* offsets;  // count x ndim
  const std::int64_t* linear;   // count: the offsets applied to in's strides
  int count;
  std::int64_t lo[kMaxDims], hi[kMaxDims];  // interior coordinates: [lo, hi) per dimension
  Mode mode;
  Acc cval;
  std::int64_t chunks_per_row;

  // Folds the taps of point i (C-order index), near an edge: coordinates recomputed per tap
  // rather than kept in an array, which would live in local memory for every GPU thread.
  CUPIX_HD Acc edge(std::int64_t i, Acc acc) const {
    const int nd = in_l.ndim;
    for (int f = 0; f < count; ++f) {
      std::int64_t off = 0, rest = i;
      bool outside = false;
      for (int d = nd - 1; d >= 0 && !outside; --d) {
        const std::int64_t q = rest / in_l.shape[d], c = rest - q * in_l.shape[d];
        rest = q;
        const std::int64_t s = kernels::extend_index(c + offsets[f * nd + d], in_l.shape[d], mode);
        outside = s < 0;
        off += s * in_l.strides[d];
      }
      acc = R::fold(acc, w ? w[f] : Acc(0), outside ? cval : static_cast<Acc>(in[off]));
    }
    return acc;
  }

  CUPIX_HD void operator()(std::int64_t item) const {
    const int nd = in_l.ndim, last = nd - 1;
    const std::int64_t row = item / chunks_per_row, c0 = (item - row * chunks_per_row) * C;
    const std::int64_t n_last = in_l.shape[last];
    const int n = static_cast<int>(n_last - c0 < C ? n_last - c0 : C);
    std::int64_t in_off = 0, out_off = 0, r = row;
    bool row_interior = true;
    for (int d = last - 1; d >= 0; --d) {
      const std::int64_t q = r / in_l.shape[d], c = r - q * in_l.shape[d];
      in_off += c * in_l.strides[d];
      out_off += c * out_l.strides[d];
      row_interior = row_interior && c >= lo[d] && c < hi[d];
      r = q;
    }
    // Outputs j in [j0, j1) have their whole window inside the array.
    int j0 = 0, j1 = 0;
    if (row_interior) {
      const std::int64_t a = lo[last] - c0, b = hi[last] - c0;
      j0 = static_cast<int>(a < 0 ? 0 : a < n ? a : n);
      j1 = static_cast<int>(b < j0 ? j0 : b < n ? b : n);
    }
    const std::int64_t s_last = in_l.strides[last];
    const T* base = in + in_off + c0 * s_last;
    if constexpr (C == 1) {  // GPU: one output, its accumulator in a register
      Acc acc = R::template init<Acc>();
      if (j0 < j1) {
        for (int f = 0; f < count; ++f) acc = R::fold(acc, w ? w[f] : Acc(0), static_cast<Acc>(base[linear[f]]));
      } else {
        acc = edge(row * n_last + c0, acc);
      }
      kernels::store_filtered(out + (out_off + c0 * out_l.strides[last]) * out_item, out_dtype, acc);
    } else {
      Acc acc[C];
      for (int j = 0; j < n; ++j) acc[j] = R::template init<Acc>();
      for (int f = 0; f < count; ++f) {
        const Acc wf = w ? w[f] : Acc(0);
        const T* p = base + linear[f];
        if (s_last == 1) {
          for (int j = j0; j < j1; ++j) acc[j] = R::fold(acc[j], wf, static_cast<Acc>(p[j]));
        } else {
          for (int j = j0; j < j1; ++j) acc[j] = R::fold(acc[j], wf, static_cast<Acc>(p[j * s_last]));
        }
      }
      for (int j = 0; j < n; ++j)
        if (j < j0 || j >= j1) acc[j] = edge(row * n_last + c0 + j, acc[j]);
      char* o = out + (out_off + c0 * out_l.strides[last]) * out_item;
      const std::int64_t o_step = out_l.strides[last] * out_item;
      for (int j = 0; j < n; ++j) kernels::store_filtered(o + j * o_step, out_dtype, acc[j]);
    }
  }
};

template <class B>
void correlate_run(const NDArray& in, const NDArray& out, const Footprint& fp, Mode mode, double cval, Reduce reduce) {
  if (in.size() == 0) return;
  if (in.ndim() == 0) {  // one point: as a 1-D array of one, every tap at offset 0
    const Footprint line{fp.weights, std::vector<std::int32_t>(fp.weights.size(), 0), {0}, {0}};
    return correlate_run<B>(in.reshape({1}), out.reshape({1}), line, mode, cval, reduce);
  }
  const int nd = in.ndim();
  std::vector<std::int64_t> linear(fp.weights.size());
  for (std::size_t f = 0; f < fp.weights.size(); ++f)
    for (int d = 0; d < nd; ++d)
      linear[f] += fp.offsets[f * static_cast<std::size_t>(nd) + static_cast<std::size_t>(d)] * in.strides()[static_cast<std::size_t>(d)];
  const NDArray offsets_dev = NDArray::from_vector(std::vector<std::int64_t>(fp.offsets.begin(), fp.offsets.end()))
                                  .astype(DType::int32)
                                  .to(in.device());
  const NDArray linear_dev = NDArray::from_vector(linear).to(in.device());
  dispatch<AllTypes>(in.dtype(), "correlate", [&]<class T>(TypeTag<T>) {
    auto run = [&]<class A, class R>(TypeTag<A>, R) {
      // Minima and maxima need no weights (and A may be bool there).
      constexpr bool weighted = !std::is_same_v<R, Minimum> && !std::is_same_v<R, Maximum>;
      NDArray w_dev;
      if constexpr (weighted)
        w_dev = NDArray::from_vector(std::vector<A>(fp.weights.begin(), fp.weights.end())).to(in.device());
      constexpr int C = B::is_cuda ? 1 : 64;
      const std::int64_t n_last = in.shape(nd - 1), chunks_per_row = (n_last + C - 1) / C;
      CorrelateOp<T, A, R, C> op{in.data_as<T>(), static_cast<char*>(out.data()), kernels::layout_of(in),
                           kernels::layout_of(out), out.dtype(), static_cast<std::int64_t>(itemsize(out.dtype())),
                           weighted ? w_dev.data_as<A>() : nullptr, offsets_dev.data_as<std::int32_t>(),
                           linear_dev.data_as<std::int64_t>(), static_cast<int>(fp.weights.size()), {}, {}, mode,
                           // SciPy's n-D minimum/maximum compare in the input's type, so cval is
                           // first cast to it (-3 becomes 65533 in uint16); sums use it as given.
                           std::is_same_v<R, WeightedSum> ? static_cast<A>(cval)
                                                          : static_cast<A>(kernels::convert<T>(cval)),
                           chunks_per_row};
      for (int d = 0; d < nd; ++d) {
        op.lo[d] = -fp.min_offset[static_cast<std::size_t>(d)];
        op.hi[d] = in.shape(d) - fp.max_offset[static_cast<std::size_t>(d)];
      }
      B::parallel_for(in.size() / n_last * chunks_per_row, op);
    };
    // SciPy's n-D minimum and maximum compare in the input's type; so does this (exact for
    // 64-bit integers, and bool/uint8 data vectorise 8x wider than through float64).
    if (reduce == Reduce::minimum) return run(TypeTag<T>{}, Minimum{});
    if (reduce == Reduce::maximum) return run(TypeTag<T>{}, Maximum{});
    if (reduce == Reduce::min_difference) return run(TypeTag<double>{}, MinDifference{});
    if (reduce == Reduce::max_sum) return run(TypeTag<double>{}, MaxSum{});
    // float32 in and out is summed in float32; everything else in float64, as SciPy does.
    if constexpr (std::is_same_v<T, float>) {
      if (out.dtype() == DType::float32) return run(TypeTag<float>{}, WeightedSum{});
    }
    run(TypeTag<double>{}, WeightedSum{});
  });
}

}  // namespace cupix::ndimage::detail
