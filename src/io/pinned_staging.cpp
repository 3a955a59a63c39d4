#include "io/pinned_staging.hpp"

#include <mutex>
#include <vector>

#include "core/cuda_check.hpp"
#include "cupix/core/allocator.hpp"
#include "cupix/core/error.hpp"
#include "cupix/core/stream.hpp"

namespace cupix::io::detail {

#if CUPIX_WITH_CUDA
namespace {

struct Spare {
  std::shared_ptr<void> memory;
  std::size_t size;
  cudaEvent_t done;
  int device;
};

// Buffers come back in the order they were handed out; up to kMaxSpare bytes are kept.
constexpr std::size_t kMaxSpare = std::size_t{1} << 30;
std::mutex spare_mutex;
std::vector<Spare>& spares() {
  static auto* s = new std::vector<Spare>;  // never destroyed: buffers come back at exit
  return *s;
}

}  // namespace

PinnedBuffer::PinnedBuffer(std::size_t bytes, Device device) : device_(device) {
  constexpr std::size_t kRound = std::size_t{2} << 20;
  {
    std::lock_guard lock(spare_mutex);
    auto& s = spares();
    // The first fitting buffer whose copies have finished; failing that, the oldest fitting one
    // once four are waiting (its copies are the furthest along), instead of pinning more memory.
    auto take = [&](std::size_t i) {
      memory_ = std::move(s[i].memory), size_ = s[i].size, done_ = s[i].done;
      s.erase(s.begin() + static_cast<std::ptrdiff_t>(i));
    };
    int fitting = 0;
    std::size_t oldest = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i].size < bytes || s[i].device != device.id) continue;
      if (fitting++ == 0) oldest = i;
      if (cudaEventQuery(s[i].done) == cudaSuccess) {
        take(i);
        return;
      }
      cudaGetLastError();  // cudaErrorNotReady is not an error
    }
    if (fitting >= 4) {
      CUPIX_CUDA_CHECK(cudaEventSynchronize(s[oldest].done));
      take(oldest);
      return;
    }
  }
  size_ = (bytes + kRound - 1) / kRound * kRound;
  memory_ = allocate(size_, Device{DeviceKind::cuda_host, device.id});
  cudaEvent_t e;
  CUPIX_CUDA_CHECK(cudaEventCreateWithFlags(&e, cudaEventDisableTiming));
  done_ = e;
}

PinnedBuffer::~PinnedBuffer() {
  auto e = static_cast<cudaEvent_t>(done_);
  if (cudaEventRecord(e, static_cast<cudaStream_t>(current_stream().handle)) != cudaSuccess) {
    // The stream is gone or broken: wait for the device rather than hand out a busy buffer.
    cudaGetLastError();
    cudaDeviceSynchronize();
    cudaGetLastError();
  }
  std::lock_guard lock(spare_mutex);
  auto& s = spares();
  s.push_back({std::move(memory_), size_, e, device_.id});
  std::size_t total = 0;
  for (const auto& b : s) total += b.size;
  while (total > kMaxSpare && !s.empty()) {  // drop the oldest, after its copies
    cudaEventSynchronize(s.front().done);
    cudaEventDestroy(s.front().done);
    total -= s.front().size;
    s.erase(s.begin());
  }
}
#else
PinnedBuffer::PinnedBuffer(std::size_t, Device device) : device_(device) {
  throw NotSupported("cupix was built without the CUDA backend");
}
PinnedBuffer::~PinnedBuffer() = default;
#endif

}  // namespace cupix::io::detail
