// Host buffers handed out again once their last holder lets go. A fresh large allocation is a
// fresh mapping whose pages the kernel zeroes at first touch: measured, that cost as much as
// decoding the JPEG tiles in a slide's batch, and a fifth of a distance transform's time.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace cupix::detail {

// `bytes` of host memory, not zeroed, released with std::free: 64-byte aligned (a cache line, and
// enough for any SIMD load); from 4 MiB on 2 MiB aligned with transparent huge pages asked for,
// as NumPy does, so that first touches fault 512 times less often. nullptr when out of memory.
std::uint8_t* allocate_aligned(std::size_t bytes);

class BufferPool {
 public:
  // Buffers of up to kSlabBytes / 8 are cut from kSlabBytes slabs (huge pages, so that a
  // reader's first fill of many small buffers, such as a tile cache's, faults 512 times less
  // often), up to `max_carved` bytes of slabs in all; slabs are kept for the pool's life and
  // their pieces always handed out again. Beyond that, and where a slab cannot be had, buffers
  // are allocated one by one.
  static constexpr std::size_t kSlabBytes = std::size_t{4} << 20;
  explicit BufferPool(std::size_t max_spare, std::size_t max_carved = 0)
      : max_spare_(max_spare), max_carved_(max_carved) {}
  ~BufferPool();
  BufferPool(const BufferPool&) = delete;
  BufferPool& operator=(const BufferPool&) = delete;
  // `size` bytes (allocate_aligned's), not zeroed; back in the pool (up to max_spare bytes in all,
  // beside carved ones) when released. Throws OutOfMemory.
  std::shared_ptr<std::uint8_t[]> get(std::size_t size);

 private:
  struct Free {
    void operator()(std::uint8_t* p) const;
  };
  struct Spare {
    std::uint8_t* p;
    bool carved;  // part of a slab: never freed on its own
  };
  void put(std::uint8_t* p, std::size_t size, bool carved);
  const std::size_t max_spare_, max_carved_;
  std::mutex mutex_;
  std::unordered_map<std::size_t, std::vector<Spare>> spare_;
  std::size_t spare_bytes_ = 0;  // of the spare buffers not carved
  std::vector<std::unique_ptr<std::uint8_t[], Free>> slabs_;
};

// Host NDArrays of 4 MiB and more (up to 1 GiB spare): functions' outputs and temporaries of
// one size come back call after call. Never destroyed: buffers come back from other static
// objects' destructors.
BufferPool& array_buffers();

}  // namespace cupix::detail
