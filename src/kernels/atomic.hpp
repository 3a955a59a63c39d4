// Atomic minimum and maximum of 32/64-bit integers, atomic addition of 64-bit integers and of
// doubles, on both backends (each returns the value before), and a read of a value that other
// threads update with them.
#pragma once
#include <type_traits>

#include "hd.hpp"

namespace cupix::kernels {

// The type CUDA's integer atomics take for I.
template <class I>
using CudaAtomicType = std::conditional_t<std::is_signed_v<I>, std::conditional_t<sizeof(I) == 4, int, long long>,
                                          std::conditional_t<sizeof(I) == 4, unsigned, unsigned long long>>;

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
  static_assert(std::is_integral_v<I> && (sizeof(I) == 4 || sizeof(I) == 8));
#if defined(__CUDA_ARCH__)
  using A = CudaAtomicType<I>;
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
  static_assert(std::is_integral_v<I> && (sizeof(I) == 4 || sizeof(I) == 8));
#if defined(__CUDA_ARCH__)
  using A = CudaAtomicType<I>;
  return static_cast<I>(atomicMax(reinterpret_cast<A*>(p), static_cast<A>(v)));
#else
  I old = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (v > old && !__atomic_compare_exchange_n(p, &old, v, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
  return old;
#endif
}

// Adds v to *p: 64-bit integers wrap (two's complement, as NumPy's integer sums); doubles add in
// whatever order the threads arrive.
template <class V>
CUPIX_HD inline V atomic_add(V* p, V v) {
  static_assert(std::is_same_v<V, double> || (std::is_integral_v<V> && sizeof(V) == 8));
#if defined(__CUDA_ARCH__)
  if constexpr (std::is_same_v<V, double>) {
    return atomicAdd(p, v);
  } else {
    using U = unsigned long long;
    return static_cast<V>(atomicAdd(reinterpret_cast<U*>(p), static_cast<U>(v)));
  }
#else
  if constexpr (std::is_same_v<V, double>) {
    V old, sum;
    __atomic_load(p, &old, __ATOMIC_RELAXED);
    do {
      sum = old + v;
    } while (!__atomic_compare_exchange(p, &old, &sum, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
    return old;
  } else {
    using U = std::make_unsigned_t<V>;  // unsigned, so that wrapping is defined
    return static_cast<V>(__atomic_fetch_add(reinterpret_cast<U*>(p), static_cast<U>(v), __ATOMIC_RELAXED));
  }
#endif
}

}  // namespace cupix::kernels
