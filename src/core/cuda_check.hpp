// Internal: every CUDA runtime call goes through CUPIX_CUDA_CHECK so failures become CudaError
// (or OutOfMemory) with the call's name and CUDA's own message.
#pragma once
#if CUPIX_WITH_CUDA
#include <cuda_runtime_api.h>

#include <string>

#include "cupix/core/error.hpp"

namespace cupix::detail {

[[noreturn]] inline void throw_cuda(cudaError_t err, const char* call) {
  cudaGetLastError();  // clear the sticky-free error state so later calls are not poisoned
  const std::string msg = std::string(call) + " failed: " + cudaGetErrorName(err) + " (" +
                          cudaGetErrorString(err) + ")";
  if (err == cudaErrorMemoryAllocation) throw OutOfMemory("out of GPU memory: " + msg);
  throw CudaError(msg);
}

}  // namespace cupix::detail

#define CUPIX_CUDA_CHECK(call)                                         \
  do {                                                                 \
    const cudaError_t cupix_err_ = (call);                             \
    if (cupix_err_ != cudaSuccess) ::cupix::detail::throw_cuda(cupix_err_, #call); \
  } while (0)
#endif
