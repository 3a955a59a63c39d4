// Single-source kernel support: CUPIX_HD marks functions and functor operators that compile for
// both the host (CPU backend, g++ or nvcc) and the device (CUDA backend, nvcc).
#pragma once
#include <cstdint>

#include "cupix/core/ndarray.hpp"

#if defined(__CUDACC__)
#define CUPIX_HD __host__ __device__
#else
#define CUPIX_HD
#endif

// Fully unrolls the next loop (constant trip count), so that arrays indexed by its counter can
// live in registers: in device code, and in host code built by g++ (the host side of .cu files
// is never run by the CPU backend, which has its own instantiations).
#if defined(__CUDA_ARCH__)
#define CUPIX_UNROLL _Pragma("unroll")
#elif defined(__CUDACC__)
#define CUPIX_UNROLL
#else
#define CUPIX_UNROLL _Pragma("GCC unroll 64")
#endif

namespace cupix::kernels {

// Shape and element strides of an array, passed to kernels by value.
struct Layout {
  int ndim = 0;
  std::int64_t shape[kMaxDims] = {};
  std::int64_t strides[kMaxDims] = {};

  // Element offset of the C-order linear index `i` (0 <= i < size: the first axis needs no division).
  CUPIX_HD std::int64_t offset(std::int64_t i) const {
    std::int64_t off = 0;
    for (int d = ndim - 1; d > 0; --d) {
      const std::int64_t q = i / shape[d];
      off += (i - q * shape[d]) * strides[d];
      i = q;
    }
    return ndim > 0 ? off + i * strides[0] : off;
  }
};

Layout layout_of(const NDArray& a);
// The same element order with adjacent axes merged where the strides allow (a C-contiguous array
// becomes one axis), so that offset() divides less. Only for code that uses nothing but offset().
Layout flat_layout_of(const NDArray& a);

}  // namespace cupix::kernels
