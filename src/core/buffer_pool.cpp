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

BufferPool::~BufferPool() {
  for (auto& [size, list] : spare_)
    for (const Spare& s : list)
      if (!s.carved) std::free(s.p);
}

std::shared_ptr<std::uint8_t[]> BufferPool::get(std::size_t size) {
  std::uint8_t* p = nullptr;
  bool carved = false;
  {
    std::lock_guard lock(mutex_);
    if (auto it = spare_.find(size); it != spare_.end() && !it->second.empty()) {
      p = it->second.back().p;
      carved = it->second.back().carved;
      it->second.pop_back();
      if (!carved) spare_bytes_ -= size;
    } else if (size > 0 && size <= kSlabBytes / 8 && (slabs_.size() + 1) * kSlabBytes <= max_carved_) {
      // A new slab: this buffer and the rest of the slab, cut in pieces of 64-byte multiples, as
      // spares of this size. The slab is the pool's before any piece is listed, and the list has
      // room for them all before the first: a failure leaves no piece of a freed slab behind.
      std::unique_ptr<std::uint8_t[], Free> slab(allocate_aligned(kSlabBytes));
      if (slab) {
        std::uint8_t* base = slab.get();
        slabs_.push_back(std::move(slab));
        const std::size_t piece = (size + 63) / 64 * 64, pieces = kSlabBytes / piece;
        std::vector<Spare>& list = spare_[size];
        list.reserve(list.size() + pieces - 1);
        for (std::size_t k = 1; k < pieces; ++k) list.push_back({base + k * piece, true});
        p = base;
        carved = true;
      }
    }
  }
  if (!p) p = allocate_aligned(size);
  if (!p) throw OutOfMemory("cannot allocate " + std::to_string(size) + " bytes of host memory");
  return {p, [this, size, carved](std::uint8_t* q) { put(q, size, carved); }};
}

void BufferPool::put(std::uint8_t* p, std::size_t size, bool carved) {
  std::lock_guard lock(mutex_);
  if (!carved && spare_bytes_ + size > max_spare_) {
    std::free(p);
    return;
  }
  spare_[size].push_back({p, carved});
  if (!carved) spare_bytes_ += size;
}

BufferPool& array_buffers() {
  static auto* pool = new BufferPool(std::size_t(1) << 30);
  return *pool;
}

}  // namespace cupix::detail
