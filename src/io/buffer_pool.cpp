#include "io/buffer_pool.hpp"

namespace cupix::io::detail {

BufferPool& tile_buffers() {
  // Slabs for the 256 MiB tile cache and the tiles in flight.
  static auto* pool = new BufferPool(std::size_t(64) << 20, std::size_t(320) << 20);
  return *pool;
}

BufferPool& batch_buffers() {
  static auto* pool = new BufferPool(std::size_t(1) << 30);
  return *pool;
}

}  // namespace cupix::io::detail
