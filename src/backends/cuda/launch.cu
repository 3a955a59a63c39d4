#include "launch.cuh"

namespace cupix::backends {

int multiprocessor_count() {
  int device = 0;
  CUPIX_CUDA_CHECK(cudaGetDevice(&device));
  constexpr int kMaxDevices = 64;
  static int counts[kMaxDevices] = {};
  if (device >= kMaxDevices) device = kMaxDevices - 1;
  if (counts[device] == 0) {
    int n = 0;
    CUPIX_CUDA_CHECK(cudaDeviceGetAttribute(&n, cudaDevAttrMultiProcessorCount, device));
    counts[device] = n;
  }
  return counts[device];
}

}  // namespace cupix::backends
