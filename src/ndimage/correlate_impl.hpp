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

template <class T, class Acc, class R>
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

  CUPIX_HD void operator()(std::int64_t i) const {
    const int nd = in_l.ndim;
    std::int64_t in_off = 0, out_off = 0, r = i;
    bool interior = true;
    for (int d = nd - 1; d >= 0; --d) {
      const std::int64_t q = r / in_l.shape[d], c = r - q * in_l.shape[d];
      in_off += c * in_l.strides[d];
      out_off += c * out_l.strides[d];
      interior = interior && c >= lo[d] && c < hi[d];
      r = q;
    }
    Acc acc = R::template init<Acc>();
    if (interior) {
      const T* base = in + in_off;
      for (int f = 0; f < count; ++f) acc = R::fold(acc, w[f], static_cast<Acc>(base[linear[f]]));
    } else {
      // Near an edge: coordinates recomputed per tap rather than kept in an array, which would
      // live in local memory for every point.
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
        acc = R::fold(acc, w[f], outside ? cval : static_cast<Acc>(in[off]));
      }
    }
    kernels::store_filtered(out + out_off * out_item, out_dtype, acc);
  }
};

template <class B>
void correlate_run(const NDArray& in, const NDArray& out, const Footprint& fp, Mode mode, double cval, Reduce reduce) {
  if (in.size() == 0) return;
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
      const NDArray w_dev =
          NDArray::from_vector(std::vector<A>(fp.weights.begin(), fp.weights.end())).to(in.device());
      CorrelateOp<T, A, R> op{in.data_as<T>(), static_cast<char*>(out.data()), kernels::layout_of(in),
                           kernels::layout_of(out), out.dtype(), static_cast<std::int64_t>(itemsize(out.dtype())),
                           w_dev.data_as<A>(), offsets_dev.data_as<std::int32_t>(),
                           linear_dev.data_as<std::int64_t>(), static_cast<int>(fp.weights.size()), {}, {}, mode,
                           // SciPy's n-D minimum/maximum compare in the input's type, so cval is
                           // first cast to it (-3 becomes 65533 in uint16); sums use it as given.
                           std::is_same_v<R, WeightedSum> ? static_cast<A>(cval)
                                                          : static_cast<A>(kernels::convert<T>(cval))};
      for (int d = 0; d < nd; ++d) {
        op.lo[d] = -fp.min_offset[static_cast<std::size_t>(d)];
        op.hi[d] = in.shape(d) - fp.max_offset[static_cast<std::size_t>(d)];
      }
      B::parallel_for(in.size(), op);
    };
    if (reduce == Reduce::minimum) return run(TypeTag<double>{}, Minimum{});
    if (reduce == Reduce::maximum) return run(TypeTag<double>{}, Maximum{});
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
