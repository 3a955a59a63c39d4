// The single-source line-filter kernel. One work item computes C consecutive outputs along the
// last axis: on the CPU (C = 64) the inner loops run over contiguous memory and vectorise; on
// the GPU (C = 1) neighbouring threads touch neighbouring elements, so loads coalesce. The
// reduction (weighted sum, minimum, maximum) is a policy so that all three share the indexing.
#pragma once
#include <algorithm>
#include <limits>
#include <type_traits>

#include "correlate1d.hpp"
#include "cupix/core/dispatch.hpp"
#include "kernels/boundary.hpp"
#include "kernels/cast.hpp"

namespace cupix::ndimage::detail {

// Reductions over a window: start value, and how one tap (weight w, value v) is folded in.
struct WeightedSum {
  template <class A>
  static CUPIX_HD A init() { return A(0); }
  template <class A>
  static CUPIX_HD A fold(A acc, A w, A v) { return acc + w * v; }
};
// The identity of min / max: infinities for floats, the type's extremes for integers and bool.
template <class A>
CUPIX_HD A largest() {
  if constexpr (std::numeric_limits<A>::has_infinity) return std::numeric_limits<A>::infinity();
  else return std::numeric_limits<A>::max();
}
template <class A>
CUPIX_HD A smallest() {
  if constexpr (std::numeric_limits<A>::has_infinity) return -std::numeric_limits<A>::infinity();
  else return std::numeric_limits<A>::lowest();
}

struct Minimum {
  template <class A>
  static CUPIX_HD A init() { return largest<A>(); }
  template <class A>
  static CUPIX_HD A fold(A acc, A, A v) { return v < acc ? v : acc; }
};
struct Maximum {
  template <class A>
  static CUPIX_HD A init() { return smallest<A>(); }
  template <class A>
  static CUPIX_HD A fold(A acc, A, A v) { return v > acc ? v : acc; }
};

struct MinDifference {
  template <class A>
  static CUPIX_HD A init() { return std::numeric_limits<A>::infinity(); }
  template <class A>
  static CUPIX_HD A fold(A acc, A w, A v) { return v - w < acc ? v - w : acc; }
};
struct MaxSum {
  template <class A>
  static CUPIX_HD A init() { return -std::numeric_limits<A>::infinity(); }
  template <class A>
  static CUPIX_HD A fold(A acc, A w, A v) { return v + w > acc ? v + w : acc; }
};

template <class T, class Acc, int C, class R>
struct Correlate1dOp {
  const T* in;
  char* out;
  kernels::Layout in_l, out_l;
  DType out_dtype;
  std::int64_t out_item;
  const Acc* w;
  int taps;
  std::int64_t shift;  // input index = output index + k - shift
  int axis, last;
  Mode mode;
  Acc cval;
  std::int64_t chunks_per_row;

  CUPIX_HD void operator()(std::int64_t id) const {
    const std::int64_t row = id / chunks_per_row;
    const std::int64_t c0 = (id - row * chunks_per_row) * C;
    const std::int64_t n_last = in_l.shape[last];
    const int count = static_cast<int>(n_last - c0 < C ? n_last - c0 : C);
    std::int64_t in_off = 0, out_off = 0, pos = 0, r = row;
    for (int d = last - 1; d >= 0; --d) {
      const std::int64_t q = r / in_l.shape[d], i = r - q * in_l.shape[d];
      in_off += i * in_l.strides[d];
      out_off += i * out_l.strides[d];
      if (d == axis) pos = i;
      r = q;
    }
    Acc acc[C];
    for (int j = 0; j < C; ++j) acc[j] = R::template init<Acc>();
    const std::int64_t s_last = in_l.strides[last];
    if (axis != last) {
      const std::int64_t n = in_l.shape[axis], s_ax = in_l.strides[axis];
      const T* base = in + in_off - pos * s_ax + c0 * s_last;
      for (int k = 0; k < taps; ++k) {
        const Acc wk = w[k];
        const std::int64_t src = kernels::extend_index(pos + k - shift, n, mode);
        if (src < 0) {
          for (int j = 0; j < count; ++j) acc[j] = R::fold(acc[j], wk, cval);
          continue;
        }
        const T* p = base + src * s_ax;
        if (s_last == 1) {
          for (int j = 0; j < count; ++j) acc[j] = R::fold(acc[j], wk, static_cast<Acc>(p[j]));
        } else {
          for (int j = 0; j < count; ++j) acc[j] = R::fold(acc[j], wk, static_cast<Acc>(p[j * s_last]));
        }
      }
    } else {
      const T* line = in + in_off;
      const std::int64_t lo = c0 - shift, hi = c0 + count - 1 + taps - 1 - shift;
      if (lo >= 0 && hi < n_last) {  // interior: no boundary handling
        const T* p = line + lo * s_last;
        for (int k = 0; k < taps; ++k) {
          const Acc wk = w[k];
          if (s_last == 1) {
            for (int j = 0; j < count; ++j) acc[j] = R::fold(acc[j], wk, static_cast<Acc>(p[j + k]));
          } else {
            for (int j = 0; j < count; ++j) acc[j] = R::fold(acc[j], wk, static_cast<Acc>(p[(j + k) * s_last]));
          }
        }
      } else {
        for (int j = 0; j < count; ++j) {
          for (int k = 0; k < taps; ++k) {
            const std::int64_t src = kernels::extend_index(c0 + j + k - shift, n_last, mode);
            acc[j] = R::fold(acc[j], w[k], src < 0 ? cval : static_cast<Acc>(line[src * s_last]));
          }
        }
      }
    }
    char* o = out + (out_off + c0 * out_l.strides[last]) * out_item;
    const std::int64_t o_step = out_l.strides[last] * out_item;
    constexpr DType acc_dtype = dtype_v<Acc>;
    if (out_dtype == acc_dtype) {
      for (int j = 0; j < count; ++j) *reinterpret_cast<Acc*>(o + j * o_step) = acc[j];
    } else {
      for (int j = 0; j < count; ++j) kernels::store_filtered(o + j * o_step, out_dtype, acc[j]);
    }
  }
};

template <class B>
void correlate1d_run(const NDArray& in, const NDArray& out, const std::vector<double>& weights, const Line1d& line) {
  if (in.size() == 0) return;
  dispatch<AllTypes>(in.dtype(), "correlate1d", [&]<class T>(TypeTag<T>) {
    auto run = [&]<class A, class R>(TypeTag<A>, R) {
      constexpr int C = B::is_cuda ? 1 : 64;
      std::vector<A> w(weights.begin(), weights.end());
      const NDArray w_dev = NDArray::from_vector(w).to(in.device());
      const int last = in.ndim() - 1;
      const std::int64_t n_last = in.shape(last);
      const std::int64_t chunks_per_row = (n_last + C - 1) / C;
      const Correlate1dOp<T, A, C, R> op{in.data_as<T>(), static_cast<char*>(out.data()), kernels::layout_of(in),
                                         kernels::layout_of(out), out.dtype(),
                                         static_cast<std::int64_t>(itemsize(out.dtype())), w_dev.data_as<A>(),
                                         static_cast<int>(w.size()),
                                         static_cast<std::int64_t>(w.size() / 2) + line.origin, line.axis, last,
                                         line.mode, static_cast<A>(line.cval), chunks_per_row};
      B::parallel_for(in.size() / n_last * chunks_per_row, op);
    };
    // Minima and maxima are taken in float64, as SciPy's line buffers hold them: exact for every
    // value a float64 holds.
    if (line.reduce == Reduce::minimum) return run(TypeTag<double>{}, Minimum{});
    if (line.reduce == Reduce::maximum) return run(TypeTag<double>{}, Maximum{});
    // float32 in and out is summed in float32 (the GPU's fast path); everything else in float64.
    if constexpr (std::is_same_v<T, float>) {
      if (out.dtype() == DType::float32) return run(TypeTag<float>{}, WeightedSum{});
    }
    run(TypeTag<double>{}, WeightedSum{});
  });
}

}  // namespace cupix::ndimage::detail
