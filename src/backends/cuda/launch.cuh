// The CUDA backend: runs a CUPIX_HD loop body over [0, n) as a grid-stride kernel on the current
// stream. Only .cu files include this.
#pragma once
#include <cuda_runtime_api.h>

#include <algorithm>
#include <cstdint>

#include "core/cuda_check.hpp"
#include "cupix/core/stream.hpp"

namespace cupix::backends {

// The functor stays in the kernel's parameter space (__grid_constant__): a by-value parameter
// whose address is taken (a member call) or that is indexed at run time (a Layout's strides) is
// otherwise copied into every thread's local memory.
template <class F>
__global__ void parallel_for_kernel(std::int64_t n, const __grid_constant__ F f) {
  const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) f(i);
}

// The same, for bodies heavy in registers: at most 65536 / (256 * MinBlocks) registers a thread,
// so that MinBlocks blocks of 256 fit on a multiprocessor.
template <int MinBlocks, class F>
__global__ void __launch_bounds__(256, MinBlocks)
    parallel_for_occupied_kernel(std::int64_t n, const __grid_constant__ F f) {
  const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) f(i);
}

// Multiprocessors of the current device, looked up once per device.
int multiprocessor_count();

inline cudaStream_t current_cuda_stream() { return static_cast<cudaStream_t>(current_stream().handle); }

struct Cuda {
  static constexpr bool is_cuda = true;
  static constexpr int kBlock = 256;

  template <class F>
  static void parallel_for(std::int64_t n, const F& f) {
    if (n <= 0) return;
    const std::int64_t wanted = (n + kBlock - 1) / kBlock;
    const int blocks = static_cast<int>(std::min<std::int64_t>(wanted, std::int64_t{multiprocessor_count()} * 16));
    parallel_for_kernel<<<blocks, kBlock, 0, current_cuda_stream()>>>(n, f);
    CUPIX_CUDA_CHECK(cudaGetLastError());
  }

  template <int MinBlocks, class F>
  static void parallel_for_occupied(std::int64_t n, const F& f) {
    if (n <= 0) return;
    const std::int64_t wanted = (n + kBlock - 1) / kBlock;
    const int blocks = static_cast<int>(std::min<std::int64_t>(wanted, std::int64_t{multiprocessor_count()} * 16));
    parallel_for_occupied_kernel<MinBlocks><<<blocks, kBlock, 0, current_cuda_stream()>>>(n, f);
    CUPIX_CUDA_CHECK(cudaGetLastError());
  }

  // Items that each do much work (a whole line): blocks of one warp, so that a few thousand items
  // still spread over every multiprocessor.
  template <class F>
  static void parallel_for_heavy(std::int64_t n, const F& f) {
    if (n <= 0) return;
    parallel_for_kernel<<<static_cast<unsigned>((n + 31) / 32), 32, 0, current_cuda_stream()>>>(n, f);
    CUPIX_CUDA_CHECK(cudaGetLastError());
  }
};

}  // namespace cupix::backends
