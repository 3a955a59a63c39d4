// Pinned host buffers for copies to a GPU, reused once the copies queued from them have finished:
// pinning memory costs about a millisecond per megabyte, far more than the copy it speeds up.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

#include "cupix/core/device.hpp"

namespace cupix::io::detail {

class PinnedBuffer {
 public:
  // At least `bytes` of pinned memory whose earlier copies to GPU `device` have all finished.
  // Throws OutOfMemory.
  PinnedBuffer(std::size_t bytes, Device device);
  // Back to the pool; it is handed out again only after the work queued so far on the current
  // stream (the copies from it) has finished.
  ~PinnedBuffer();
  PinnedBuffer(const PinnedBuffer&) = delete;
  PinnedBuffer& operator=(const PinnedBuffer&) = delete;

  std::uint8_t* data() const { return static_cast<std::uint8_t*>(memory_.get()); }
  const std::shared_ptr<void>& memory() const { return memory_; }

 private:
  std::shared_ptr<void> memory_;
  std::size_t size_ = 0;
  void* done_ = nullptr;  // cudaEvent_t recorded when the buffer comes back
  Device device_;
};

}  // namespace cupix::io::detail
