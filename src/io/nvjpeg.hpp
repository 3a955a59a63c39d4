// nvJPEG's batched decoder, loaded at run time: libnvjpeg need not exist where cupix runs, and
// builds without nvjpeg.h (CUDA toolkits without it) leave this path out.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "cupix/core/device.hpp"

namespace cupix::io::detail {

// Whether nvJPEG can be used: built with nvjpeg.h, libnvjpeg loaded, a GPU present.
bool nvjpeg_loaded();

// Decodes n complete JPEG streams (in host memory) on GPU `device` into interleaved RGB images:
// stream i into dst[i], rows `pitch` bytes apart. Ordered on the current stream; the streams
// may be freed when it returns. One batch at a time per device (calls wait for each other).
// Throws IOError for data nvJPEG rejects, NotSupported where it cannot be loaded.
void nvjpeg_decode(const std::vector<const std::uint8_t*>& data, const std::vector<std::size_t>& lengths,
                   const std::vector<std::uint8_t*>& dst, std::size_t pitch, Device device);

// The nvJPEG backend in use ("hardware", "gpu_hybrid", ...), chosen by CUPIX_NVJPEG_BACKEND or
// else the fastest measured on the H100 (docs/benchmarks); "" when nvJPEG is not loaded.
const char* nvjpeg_backend_name();

}  // namespace cupix::io::detail
