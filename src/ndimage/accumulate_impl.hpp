#pragma once
#include <cmath>
#include <type_traits>

#include "accumulate.hpp"
#include "cupix/core/dispatch.hpp"
#include "kernels/cast.hpp"

namespace cupix::ndimage::detail {

// NumPy's sqrt loop for each input type: 1-byte types and bool in float16, 2-byte integers in
// float32, wider integers and float64 in float64, float32 in float32.
template <class T>
CUPIX_HD inline T numpy_sqrt(T v) {
  if constexpr (std::is_same_v<T, double> || (std::is_integral_v<T> && sizeof(T) >= 4)) {
    return kernels::convert<T>(::sqrt(static_cast<double>(v)));
  } else if constexpr (std::is_same_v<T, float> || sizeof(T) == 2) {
    return kernels::convert<T>(::sqrtf(static_cast<float>(v)));
  } else {  // bool, int8, uint8: float16
    const float h = kernels::half_to_float(kernels::float_to_half(::sqrtf(static_cast<float>(v))));
    return kernels::convert<T>(h);
  }
}

// Integer arithmetic that wraps like NumPy's (through the unsigned type: no signed overflow).
template <class T>
CUPIX_HD inline T wrap_add(T a, T b) {
  if constexpr (std::is_same_v<T, bool>) return a || b;
  else if constexpr (std::is_integral_v<T>) return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a) + static_cast<std::make_unsigned_t<T>>(b));
  else return a + b;
}
template <class T>
CUPIX_HD inline T wrap_sub(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
    return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a) - static_cast<std::make_unsigned_t<T>>(b));
  else return a - b;
}
template <class T>
CUPIX_HD inline T wrap_mul(T a, T b) {
  if constexpr (std::is_same_v<T, bool>) return a && b;
  else if constexpr (std::is_integral_v<T>) {
    // Promote narrow types to unsigned int first: unsigned short * unsigned short is an int product.
    using U = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
    return static_cast<T>(static_cast<U>(static_cast<std::make_unsigned_t<T>>(a)) *
                          static_cast<U>(static_cast<std::make_unsigned_t<T>>(b)));
  } else return a * b;
}

template <class T>
struct AccumulateOp {
  T* out;
  const T* tmp;
  kernels::Layout out_l, tmp_l;
  Accumulate op;

  CUPIX_HD void operator()(std::int64_t i) const {
    T& o = out[out_l.offset(i)];
    switch (op) {
      case Accumulate::add: o = wrap_add(o, tmp[tmp_l.offset(i)]); break;
      case Accumulate::add_square: {
        const T t = tmp[tmp_l.offset(i)];
        o = wrap_add(o, wrap_mul(t, t));
        break;
      }
      case Accumulate::square: o = wrap_mul(o, o); break;
      case Accumulate::sqrt: o = numpy_sqrt(o); break;
      case Accumulate::subtract: o = wrap_sub(o, tmp[tmp_l.offset(i)]); break;
      case Accumulate::subtract_from: o = wrap_sub(tmp[tmp_l.offset(i)], o); break;
      case Accumulate::logical_xor: o = static_cast<T>((o != T(0)) != (tmp[tmp_l.offset(i)] != T(0))); break;
      case Accumulate::logical_and: o = static_cast<T>(o != T(0) && tmp[tmp_l.offset(i)] != T(0)); break;
      case Accumulate::logical_or: o = static_cast<T>(o != T(0) || tmp[tmp_l.offset(i)] != T(0)); break;
      case Accumulate::and_not: o = static_cast<T>(o != T(0) && tmp[tmp_l.offset(i)] == T(0)); break;
    }
  }
};

template <class B>
void accumulate_run(const NDArray& out, const NDArray& tmp, Accumulate op) {
  dispatch<AllTypes>(out.dtype(), "accumulate", [&]<class T>(TypeTag<T>) {
    const bool with_tmp = op != Accumulate::square && op != Accumulate::sqrt;
    B::parallel_for(out.size(), AccumulateOp<T>{out.data_as<T>(), with_tmp ? tmp.data_as<T>() : nullptr,
                                                kernels::flat_layout_of(out),
                                                with_tmp ? kernels::flat_layout_of(tmp) : kernels::Layout{}, op});
  });
}

template <class T>
struct DifferOp {
  const T *a, *b;
  kernels::Layout a_l, b_l;
  int* flag;

  CUPIX_HD void operator()(std::int64_t i) const {
    if (a[a_l.offset(i)] == b[b_l.offset(i)]) return;
#if defined(__CUDA_ARCH__)
    atomicOr(flag, 1);
#else
    __atomic_store_n(flag, 1, __ATOMIC_RELAXED);
#endif
  }
};

template <class B>
bool any_differ_run(const NDArray& a, const NDArray& b) {
  NDArray flag = NDArray::from_vector(std::vector<std::int64_t>{0}).astype(DType::int32).to(a.device());
  dispatch<AllTypes>(a.dtype(), "any_differ", [&]<class T>(TypeTag<T>) {
    B::parallel_for(a.size(), DifferOp<T>{a.data_as<T>(), b.data_as<T>(), kernels::flat_layout_of(a), kernels::flat_layout_of(b),
                                          flag.data_as<int>()});
  });
  return flag.to(Device::cpu()).data_as<std::int32_t>()[0] != 0;
}

}  // namespace cupix::ndimage::detail
