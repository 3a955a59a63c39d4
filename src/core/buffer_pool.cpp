#include "core/buffer_pool.hpp"

#include <cstdlib>
#include <string>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "cupix/core/error.hpp"

namespace cupix::detail {

std::uint8_t* allocate_aligned(std::size_t bytes) {
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  const bool huge = bytes >= 2 * kHuge;
  const std::size_t align = huge ? kHuge : 64;
  const std::size_t rounded = (bytes + align - 1) / align * align;
  auto* p = static_cast<std::uint8_t*>(std::aligned_alloc(align, rounded == 0 ? align : rounded));
#ifdef MADV_HUGEPAGE
  if (p && huge) madvise(p, rounded, MADV_HUGEPAGE);  // advice only: without huge pages, the usual faults
#endif
  return p;
}

void BufferPool::Free::operator()(std::uint8_t* p) const { std::free(p); }

std::shared_ptr<std::uint8_t[]> BufferPool::get(std::size_t size) {
  std::unique_ptr<std::uint8_t[], Free> buffer;
  {
    std::lock_guard lock(mutex_);
    if (auto it = spare_.find(size); it != spare_.end() && !it->second.empty()) {
      buffer = std::move(it->second.back());
      it->second.pop_back();
      spare_bytes_ -= size;
    }
  }
  if (!buffer) buffer.reset(allocate_aligned(size));
  if (!buffer) throw OutOfMemory("cannot allocate " + std::to_string(size) + " bytes of host memory");
  return {buffer.release(), [this, size](std::uint8_t* p) { put(p, size); }};
}

void BufferPool::put(std::uint8_t* p, std::size_t size) {
  std::unique_ptr<std::uint8_t[], Free> buffer(p);
  std::lock_guard lock(mutex_);
  if (spare_bytes_ + size > max_spare_) return;  // freed
  spare_[size].push_back(std::move(buffer));
  spare_bytes_ += size;
}

BufferPool& array_buffers() {
  static auto* pool = new BufferPool(std::size_t(1) << 30);
  return *pool;
}

}  // namespace cupix::detail
