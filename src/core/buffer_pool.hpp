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
  explicit BufferPool(std::size_t max_spare) : max_spare_(max_spare) {}
  // `size` bytes (allocate_aligned's), not zeroed; back in the pool (up to max_spare bytes in all)
  // when released. Throws OutOfMemory.
  std::shared_ptr<std::uint8_t[]> get(std::size_t size);

 private:
  struct Free {
    void operator()(std::uint8_t* p) const;
  };
  void put(std::uint8_t* p, std::size_t size);
  const std::size_t max_spare_;
  std::mutex mutex_;
  std::unordered_map<std::size_t, std::vector<std::unique_ptr<std::uint8_t[], Free>>> spare_;
  std::size_t spare_bytes_ = 0;
};

// Host NDArrays of 4 MiB and more (up to 1 GiB spare): functions' outputs and temporaries of
// one size come back call after call. Never destroyed: buffers come back from other static
// objects' destructors.
BufferPool& array_buffers();

}  // namespace cupix::detail
