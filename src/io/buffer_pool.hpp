// The slide reader's pools of host buffers (core/buffer_pool.hpp).
#pragma once
#include "core/buffer_pool.hpp"

namespace cupix::io::detail {

using cupix::detail::BufferPool;

// Decoded tiles (the tile cache; up to 64 MiB spare), and read_regions' batches (up to 1 GiB
// spare: the few batches a reader has in flight, at any batch size). Never destroyed: buffers
// come back from other static objects' destructors.
BufferPool& tile_buffers();
BufferPool& batch_buffers();

}  // namespace cupix::io::detail
