#include "cupix/core/allocator.hpp"

#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>
#include <string>

#include "buffer_pool.hpp"
#include "cuda_check.hpp"
#include "cupix/core/error.hpp"
#include "cupix/core/stream.hpp"
#include "device_guard.hpp"

namespace cupix {

namespace {

std::shared_ptr<void> allocate_host(std::size_t bytes) {
  constexpr std::size_t kPooled = std::size_t{4} << 20;  // below this, malloc's own caching does
  if (bytes >= kPooled) {
    constexpr std::size_t kHuge = std::size_t{2} << 20;  // sizes of one pool class: whole huge pages
    auto buffer = detail::array_buffers().get((bytes + kHuge - 1) / kHuge * kHuge);
    return std::shared_ptr<void>(buffer, buffer.get());
  }
  void* p = detail::allocate_aligned(bytes);
  if (!p) throw OutOfMemory("cannot allocate " + std::to_string(bytes) + " bytes of host memory");
  return {p, [](void* q) { std::free(q); }};
}

#if CUPIX_WITH_CUDA
// The default pool hands memory back to the driver at every synchronisation unless told to keep
// it; keeping it makes repeated calls allocate at pool speed (as CuPy and PyTorch do).
void keep_pool_memory(int device) {
  static std::once_flag flags[64];
  std::call_once(flags[device % 64], [device] {
    cudaMemPool_t pool;
    if (cudaDeviceGetDefaultMemPool(&pool, device) != cudaSuccess) return;
    std::uint64_t keep = UINT64_MAX;
    cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &keep);
  });
}
#endif

}  // namespace

std::shared_ptr<void> allocate(std::size_t bytes, Device device) {
  switch (device.kind) {
    case DeviceKind::cpu:
      return allocate_host(bytes);
#if CUPIX_WITH_CUDA
    case DeviceKind::cuda: {
      detail::DeviceGuard guard(device);
      keep_pool_memory(device.id);
      auto stream = static_cast<cudaStream_t>(current_stream().handle);
      void* p = nullptr;
      if (bytes > 0) {
        const cudaError_t err = cudaMallocAsync(&p, bytes, stream);
        if (err != cudaSuccess) {
          cudaGetLastError();
          throw OutOfMemory("cannot allocate " + std::to_string(bytes) + " bytes on " + device.str() +
                            ": " + cudaGetErrorString(err));
        }
      }
      // Freed stream-ordered on the stream it was allocated on: work queued there before the free
      // finishes first. Deleters must not throw, so a failing free is ignored.
      return {p, [stream, device](void* q) {
                if (!q) return;
                detail::DeviceGuard g(device);
                if (cudaFreeAsync(q, stream) != cudaSuccess) cudaGetLastError();
              }};
    }
    case DeviceKind::cuda_host: {
      void* p = nullptr;
      const cudaError_t err = cudaMallocHost(&p, bytes == 0 ? 1 : bytes);
      if (err != cudaSuccess) {
        cudaGetLastError();
        throw OutOfMemory("cannot allocate " + std::to_string(bytes) + " bytes of pinned host memory");
      }
      return {p, [](void* q) { cudaFreeHost(q); }};
    }
#else
    case DeviceKind::cuda:
    case DeviceKind::cuda_host:
      break;
#endif
  }
  throw NotSupported("cannot allocate on " + device.str() + ": cupix was built without CUDA");
}

}  // namespace cupix
