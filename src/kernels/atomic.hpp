// Atomic minimum and maximum of signed 32/64-bit integers, on both backends (each returns the
// value before), and a read of a value that other threads update with them.
#pragma once
#include <type_traits>

#include "hd.hpp"

namespace cupix::kernels {

template <class I>
CUPIX_HD inline I atomic_read(const I* p) {
#if defined(__CUDA_ARCH__)
  return *reinterpret_cast<const volatile I*>(p);
#else
  return __atomic_load_n(p, __ATOMIC_RELAXED);
#endif
}

template <class I>
CUPIX_HD inline I atomic_min(I* p, I v) {
  static_assert(std::is_signed_v<I> && (sizeof(I) == 4 || sizeof(I) == 8));
#if defined(__CUDA_ARCH__)
  using A = std::conditional_t<sizeof(I) == 4, int, long long>;
  return static_cast<I>(atomicMin(reinterpret_cast<A*>(p), static_cast<A>(v)));
#else
  I old = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (v < old && !__atomic_compare_exchange_n(p, &old, v, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
  return old;
#endif
}

template <class I>
CUPIX_HD inline I atomic_max(I* p, I v) {
  static_assert(std::is_signed_v<I> && (sizeof(I) == 4 || sizeof(I) == 8));
#if defined(__CUDA_ARCH__)
  using A = std::conditional_t<sizeof(I) == 4, int, long long>;
  return static_cast<I>(atomicMax(reinterpret_cast<A*>(p), static_cast<A>(v)));
#else
  I old = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (v > old && !__atomic_compare_exchange_n(p, &old, v, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
  return old;
#endif
}

}  // namespace cupix::kernels
