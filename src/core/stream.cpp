#include "cupix/core/stream.hpp"

#include "cuda_check.hpp"

namespace cupix {

namespace {
thread_local Stream g_current{};
}

Stream current_stream() { return g_current; }

StreamGuard::StreamGuard(Stream s) : previous_(g_current) { g_current = s; }
StreamGuard::~StreamGuard() { g_current = previous_; }

void synchronize([[maybe_unused]] Stream s) {
#if CUPIX_WITH_CUDA
  CUPIX_CUDA_CHECK(cudaStreamSynchronize(static_cast<cudaStream_t>(s.handle)));
#endif
}

}  // namespace cupix
