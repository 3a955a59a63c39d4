// Memory for NDArrays. CPU: 64-byte aligned host memory. CUDA: stream-ordered pool allocation
// (cudaMallocAsync on the current stream, freed on that stream). cuda_host: pinned host memory for
// I/O staging. Failures throw OutOfMemory with the size that was asked for.
#pragma once
#include <cstddef>
#include <memory>

#include "cupix/core/device.hpp"

namespace cupix {

// The returned owner's get() is the memory; its deleter frees it.
std::shared_ptr<void> allocate(std::size_t bytes, Device device);

}  // namespace cupix
