// Where an array's memory lives. The device of the input picks the backend that runs a function.
#pragma once
#include <string>

namespace cupix {

enum class DeviceKind { cpu, cuda, cuda_host };

struct Device {
  DeviceKind kind = DeviceKind::cpu;
  int id = 0;

  static Device cpu() { return {}; }
  static Device cuda(int id = 0) { return {DeviceKind::cuda, id}; }
  // Memory a GPU kernel may touch: device memory; pinned host memory (cuda_host) runs on the CPU.
  bool is_cuda() const { return kind == DeviceKind::cuda; }
  bool operator==(const Device&) const = default;
  std::string str() const;
};

// True when this build has the CUDA backend and a usable GPU is present.
bool cuda_available();
// Number of visible GPUs (0 without the CUDA backend or without a driver).
int cuda_device_count();
// True when this library was compiled with the CUDA backend.
bool built_with_cuda();

}  // namespace cupix
