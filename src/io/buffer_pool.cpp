#include "io/buffer_pool.hpp"

namespace cupix::io::detail {

std::shared_ptr<std::uint8_t[]> BufferPool::get(std::size_t size) {
  std::unique_ptr<std::uint8_t[]> buffer;
  {
    std::lock_guard lock(mutex_);
    if (auto it = spare_.find(size); it != spare_.end() && !it->second.empty()) {
      buffer = std::move(it->second.back());
      it->second.pop_back();
      spare_bytes_ -= size;
    }
  }
  if (!buffer) buffer = std::make_unique_for_overwrite<std::uint8_t[]>(size);
  return {buffer.release(), [this, size](std::uint8_t* p) { put(p, size); }};
}

void BufferPool::put(std::uint8_t* p, std::size_t size) {
  std::unique_ptr<std::uint8_t[]> buffer(p);
  std::lock_guard lock(mutex_);
  if (spare_bytes_ + size > max_spare_) return;  // freed
  spare_[size].push_back(std::move(buffer));
  spare_bytes_ += size;
}

BufferPool& tile_buffers() {
  static auto* pool = new BufferPool(std::size_t(64) << 20);
  return *pool;
}

BufferPool& batch_buffers() {
  static auto* pool = new BufferPool(std::size_t(1) << 30);
  return *pool;
}

}  // namespace cupix::io::detail
