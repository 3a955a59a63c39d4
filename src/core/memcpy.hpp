// Internal: contiguous byte copies between host and GPU memory on the current stream.
#pragma once
#include <cstddef>

#include "cupix/core/device.hpp"

namespace cupix::detail {

// Copies `bytes` from src (on src_device) to dst (on dst_device). Returns once dst may be read by
// the host when dst is host memory; device destinations are ordered on the current stream.
void memcpy_between(void* dst, Device dst_device, const void* src, Device src_device, std::size_t bytes);

}  // namespace cupix::detail
