// The slide reader's pools of host buffers (core/buffer_pool.hpp).
#pragma once
#include "core/buffer_pool.hpp"

namespace cupix::io::detail {

using cupix::detail::BufferPool;

// Decoded tiles (the tile cache; tiles of up to 512 KiB carved from up to 320 MiB of huge-page
// slabs kept for the process's life; up to 64 MiB spare of others), and read_regions' batches
// (up to 1 GiB spare: the few batches a reader has in flight, at any batch size). Never
// destroyed: buffers come back from other static objects' destructors.
BufferPool& tile_buffers();
BufferPool& batch_buffers();

}  // namespace cupix::io::detail
