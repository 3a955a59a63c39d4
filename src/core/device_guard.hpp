// Internal: makes a GPU current for a scope (the CUDA runtime's current device is per thread).
#pragma once
#include "cupix/core/device.hpp"
#include "cuda_check.hpp"

namespace cupix::detail {

class DeviceGuard {
 public:
  explicit DeviceGuard([[maybe_unused]] Device d) {
#if CUPIX_WITH_CUDA
    if (d.kind != DeviceKind::cuda) return;
    CUPIX_CUDA_CHECK(cudaGetDevice(&previous_));
    if (previous_ != d.id) CUPIX_CUDA_CHECK(cudaSetDevice(d.id));
    else previous_ = -1;
#endif
  }
  ~DeviceGuard() {
#if CUPIX_WITH_CUDA
    if (previous_ >= 0) cudaSetDevice(previous_);
#endif
  }
  DeviceGuard(const DeviceGuard&) = delete;
  DeviceGuard& operator=(const DeviceGuard&) = delete;

 private:
  int previous_ = -1;
};

}  // namespace cupix::detail
