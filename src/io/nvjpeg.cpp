#include "io/nvjpeg.hpp"

#include <atomic>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "cupix/core/error.hpp"

#if CUPIX_WITH_CUDA && CUPIX_WITH_NVJPEG
#include <nvjpeg.h>

#include "core/device_guard.hpp"
#include "io/dynamic_library.hpp"
#include "cupix/core/stream.hpp"

namespace cupix::io::detail {
namespace {

// The functions used, looked up once; `ok` when all were found.
struct Api {
  decltype(&nvjpegCreateEx) create = nullptr;
  decltype(&nvjpegJpegStateCreate) state_create = nullptr;
  decltype(&nvjpegDecodeBatchedInitialize) batched_initialize = nullptr;
  decltype(&nvjpegDecodeBatched) batched = nullptr;
  bool ok = false;
};

const Api& api() {
  static const Api a = [] {
    Api a;
    void* lib = load_library({"libnvjpeg.so.13", "libnvjpeg.so", "/usr/local/cuda/lib64/libnvjpeg.so.13"});
    a.ok = lib && find_function(lib, "nvjpegCreateEx", a.create) &&
           find_function(lib, "nvjpegJpegStateCreate", a.state_create) &&
           find_function(lib, "nvjpegDecodeBatchedInitialize", a.batched_initialize) &&
           find_function(lib, "nvjpegDecodeBatched", a.batched);
    return a;
  }();
  return a;
}

const char* status_name(nvjpegStatus_t s) {
  switch (s) {
    case NVJPEG_STATUS_NOT_INITIALIZED: return "not initialized";
    case NVJPEG_STATUS_INVALID_PARAMETER: return "invalid parameter";
    case NVJPEG_STATUS_BAD_JPEG: return "bad JPEG data";
    case NVJPEG_STATUS_JPEG_NOT_SUPPORTED: return "JPEG not supported";
    case NVJPEG_STATUS_ALLOCATOR_FAILURE: return "allocation failed";
    case NVJPEG_STATUS_EXECUTION_FAILED: return "execution failed";
    case NVJPEG_STATUS_ARCH_MISMATCH: return "GPU not supported";
    case NVJPEG_STATUS_INTERNAL_ERROR: return "internal error";
    case NVJPEG_STATUS_IMPLEMENTATION_NOT_SUPPORTED: return "not supported by this backend";
    default: return "error";
  }
}

void check(nvjpegStatus_t s, const char* call) {
  if (s == NVJPEG_STATUS_SUCCESS) return;
  const std::string msg = std::string("nvJPEG ") + call + ": " + status_name(s) + " (" + std::to_string(int(s)) + ")";
  if (s == NVJPEG_STATUS_BAD_JPEG || s == NVJPEG_STATUS_JPEG_NOT_SUPPORTED) throw IOError(msg);
  if (s == NVJPEG_STATUS_ALLOCATOR_FAILURE) throw OutOfMemory(msg);
  throw CudaError(msg);
}

struct Backend {
  const char* name;
  nvjpegBackend_t value;
};
// GPU-hybrid first: on the H100 it decoded 49-52k slide tiles/s at batch 1024, the hardware engine
// 29-32k (docs/benchmarks).
constexpr Backend kBackends[] = {{"gpu_hybrid", NVJPEG_BACKEND_GPU_HYBRID},
                                 {"hardware", NVJPEG_BACKEND_HARDWARE},
                                 {"hybrid", NVJPEG_BACKEND_HYBRID},
                                 {"default", NVJPEG_BACKEND_DEFAULT}};

// The backend asked for by CUPIX_NVJPEG_BACKEND, else the first of kBackends.
Backend chosen_backend() {
  static const Backend b = [] {
    const char* env = std::getenv("CUPIX_NVJPEG_BACKEND");
    for (const Backend k : kBackends)
      if (env && std::string(env) == k.name) return k;
    if (env && *env)
      throw ValueError(std::string("CUPIX_NVJPEG_BACKEND=") + env + " is not one of gpu_hybrid, hardware, hybrid, default");
    return kBackends[0];
  }();
  return b;
}

// A decode state: one batch at a time.
struct State {
  std::mutex mutex;
  nvjpegJpegState_t state = nullptr;
  int batch = 0;  // the batch size it is set up for
};

// One nvJPEG instance per GPU, made on first use and kept for the process, with two decode
// states: two threads (read_regions' prefetching) each read one batch's tiles and queue its
// decode while the other's runs.
struct Decoder {
  nvjpegHandle_t handle = nullptr;
  State states[2];
  std::atomic<unsigned> next{0};
};

Decoder& decoder(Device device) {
  static std::mutex mutex;
  static auto* decoders = new std::map<int, std::unique_ptr<Decoder>>;  // never destroyed
  std::lock_guard lock(mutex);
  auto& d = (*decoders)[device.id];
  if (!d) {
    auto fresh = std::make_unique<Decoder>();
    cupix::detail::DeviceGuard guard(device);
    const Backend b = chosen_backend();
    if (api().create(b.value, nullptr, nullptr, 0, &fresh->handle) != NVJPEG_STATUS_SUCCESS)
      throw NotSupported(std::string("nvJPEG's ") + b.name + " backend is not available on this GPU");
    for (State& st : fresh->states) check(api().state_create(fresh->handle, &st.state), "nvjpegJpegStateCreate");
    d = std::move(fresh);
  }
  return *d;
}

// A free state, locked; else the next in turn, once it is free.
std::unique_lock<std::mutex> take_state(Decoder& d, State*& taken) {
  for (State& st : d.states) {
    std::unique_lock lock(st.mutex, std::try_to_lock);
    if (lock.owns_lock()) {
      taken = &st;
      return lock;
    }
  }
  taken = &d.states[d.next++ % 2];
  return std::unique_lock(taken->mutex);
}

}  // namespace

bool nvjpeg_loaded() { return api().ok && cuda_available(); }

void nvjpeg_decode(const std::vector<const std::uint8_t*>& data, const std::vector<std::size_t>& lengths,
                   const std::vector<Planes>& dst, Device device) {
  if (!nvjpeg_loaded()) throw NotSupported("nvJPEG is not available here (libnvjpeg was not found, or no GPU)");
  if (data.empty()) return;
  Decoder& d = decoder(device);
  State* st = nullptr;
  const auto lock = take_state(d, st);
  cupix::detail::DeviceGuard guard(device);
  const int n = static_cast<int>(data.size());
  if (st->batch != n) {
    check(api().batched_initialize(d.handle, st->state, n, 1, NVJPEG_OUTPUT_YUV), "nvjpegDecodeBatchedInitialize");
    st->batch = n;
  }
  std::vector<nvjpegImage_t> images(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) {
    images[i] = {};
    for (int c = 0; c < 3; ++c) images[i].channel[c] = dst[i].plane[c], images[i].pitch[c] = dst[i].pitch[c];
  }
  check(api().batched(d.handle, st->state, data.data(), lengths.data(), images.data(),
                      static_cast<cudaStream_t>(current_stream().handle)),
        "nvjpegDecodeBatched");
}

}  // namespace cupix::io::detail
#else
namespace cupix::io::detail {

bool nvjpeg_loaded() { return false; }
void nvjpeg_decode(const std::vector<const std::uint8_t*>&, const std::vector<std::size_t>&,
                   const std::vector<Planes>&, Device) {
  throw NotSupported("cupix was built without nvJPEG (nvjpeg.h was not found at build time)");
}

}  // namespace cupix::io::detail
#endif
