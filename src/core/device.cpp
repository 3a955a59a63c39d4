#include "cupix/core/device.hpp"

#include "cuda_check.hpp"

namespace cupix {

std::string Device::str() const {
  switch (kind) {
    case DeviceKind::cpu: return "cpu";
    case DeviceKind::cuda: return "cuda:" + std::to_string(id);
    case DeviceKind::cuda_host: return "cuda_host";
  }
  return "?";
}

bool built_with_cuda() { return CUPIX_WITH_CUDA != 0; }

int cuda_device_count() {
#if CUPIX_WITH_CUDA
  // Without a driver or GPU this returns an error, which here simply means "no GPU".
  static const int count = [] {
    int n = 0;
    if (cudaGetDeviceCount(&n) != cudaSuccess) {
      cudaGetLastError();
      return 0;
    }
    return n;
  }();
  return count;
#else
  return 0;
#endif
}

bool cuda_available() { return cuda_device_count() > 0; }

}  // namespace cupix
