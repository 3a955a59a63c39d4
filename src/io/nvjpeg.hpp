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

// Where one image's component planes go: Y, Cb, Cr, each rows `pitch` bytes apart.
struct Planes {
  std::uint8_t* plane[3];
  std::size_t pitch[3];
};

// Decodes n complete 3-component JPEG streams (in host memory) on GPU `device` into their
// component planes as stored (chroma at its subsampled size; turning them into RGB is left to
// the caller, which upsamples as libjpeg does). Ordered on the current stream. Two calls at a
// time per device run side by side (more wait). The backend is CUPIX_NVJPEG_BACKEND's
// (gpu_hybrid, the default and fastest on the H100; hardware, hybrid, default).
// Throws IOError for data nvJPEG rejects, NotSupported where it cannot be loaded.
void nvjpeg_decode(const std::vector<const std::uint8_t*>& data, const std::vector<std::size_t>& lengths,
                   const std::vector<Planes>& dst, Device device);

}  // namespace cupix::io::detail
