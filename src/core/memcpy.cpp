#include "memcpy.hpp"

#include <cstring>

#include "cuda_check.hpp"
#include "cupix/core/error.hpp"
#include "cupix/core/stream.hpp"

namespace cupix::detail {

void memcpy_between(void* dst, Device dst_device, const void* src, Device src_device, std::size_t bytes) {
  if (bytes == 0) return;
  if (!dst_device.is_cuda() && !src_device.is_cuda()) {
    std::memcpy(dst, src, bytes);
    return;
  }
#if CUPIX_WITH_CUDA
  auto stream = static_cast<cudaStream_t>(current_stream().handle);
  if (dst_device.is_cuda() && src_device.is_cuda() && dst_device.id != src_device.id) {
    CUPIX_CUDA_CHECK(cudaMemcpyPeerAsync(dst, dst_device.id, src, src_device.id, bytes, stream));
  } else {
    CUPIX_CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDefault, stream));
  }
  if (!dst_device.is_cuda()) CUPIX_CUDA_CHECK(cudaStreamSynchronize(stream));
#else
  throw NotSupported("cannot copy between " + src_device.str() + " and " + dst_device.str() +
                     ": cupix was built without CUDA");
#endif
}

}  // namespace cupix::detail
