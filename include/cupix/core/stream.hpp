// The CUDA stream work is queued on. Like CuPy, cupix keeps a per-thread "current stream": the
// Python bindings set it to the caller's current CuPy/PyTorch stream for the duration of a call, and
// C++ callers set it with StreamGuard. The handle is a cudaStream_t kept opaque so that headers need
// no CUDA; nullptr is the legacy default stream.
#pragma once

namespace cupix {

struct Stream {
  void* handle = nullptr;
  bool operator==(const Stream&) const = default;
};

Stream current_stream();

// Makes `s` the current stream of this thread until the guard goes out of scope.
class StreamGuard {
 public:
  explicit StreamGuard(Stream s);
  ~StreamGuard();
  StreamGuard(const StreamGuard&) = delete;
  StreamGuard& operator=(const StreamGuard&) = delete;

 private:
  Stream previous_;
};

// Makes future work on `waiting` wait for the work queued so far on `producer` (an event, no host
// block); a no-op when they are the same stream or without the CUDA backend.
void stream_wait(Stream waiting, Stream producer);

// Blocks until all work queued on `s` has finished (no-op without the CUDA backend).
void synchronize(Stream s);

}  // namespace cupix
