// Host buffers handed out again once their last holder lets go. A fresh allocation of a decoded
// tile (192 KiB) or a batch of patches (tens of MiB) is a fresh mapping whose pages the kernel
// zeroes at first touch: measured, that cost as much as decoding the JPEG tiles in them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace cupix::io::detail {

class BufferPool {
 public:
  explicit BufferPool(std::size_t max_spare) : max_spare_(max_spare) {}
  // `size` bytes, not zeroed; back in the pool (up to max_spare bytes in all) when released.
  std::shared_ptr<std::uint8_t[]> get(std::size_t size);

 private:
  void put(std::uint8_t* p, std::size_t size);
  const std::size_t max_spare_;
  std::mutex mutex_;
  std::unordered_map<std::size_t, std::vector<std::unique_ptr<std::uint8_t[]>>> spare_;
  std::size_t spare_bytes_ = 0;
};

// Decoded tiles (the tile cache; up to 64 MiB spare), and read_regions' batches (up to 1 GiB
// spare: the few batches a reader has in flight, at any batch size). Never destroyed: buffers
// come back from other static objects' destructors.
BufferPool& tile_buffers();
BufferPool& batch_buffers();

}  // namespace cupix::io::detail
