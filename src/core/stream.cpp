#include "cupix/core/stream.hpp"

#include "cuda_check.hpp"

namespace cupix {

namespace {
thread_local Stream g_current{};
}

Stream current_stream() { return g_current; }

StreamGuard::StreamGuard(Stream s) : previous_(g_current) { g_current = s; }
StreamGuard::~StreamGuard() { g_current = previous_; }

void stream_wait([[maybe_unused]] Stream waiting, [[maybe_unused]] Stream producer) {
#if CUPIX_WITH_CUDA
  if (waiting == producer) return;
  cudaEvent_t event;
  CUPIX_CUDA_CHECK(cudaEventCreateWithFlags(&event, cudaEventDisableTiming));
  const cudaError_t rec = cudaEventRecord(event, static_cast<cudaStream_t>(producer.handle));
  const cudaError_t wait = rec == cudaSuccess ? cudaStreamWaitEvent(static_cast<cudaStream_t>(waiting.handle), event, 0) : rec;
  cudaEventDestroy(event);  // released once the wait has been satisfied
  CUPIX_CUDA_CHECK(wait);
#endif
}

void synchronize([[maybe_unused]] Stream s) {
#if CUPIX_WITH_CUDA
  CUPIX_CUDA_CHECK(cudaStreamSynchronize(static_cast<cudaStream_t>(s.handle)));
#endif
}

}  // namespace cupix
