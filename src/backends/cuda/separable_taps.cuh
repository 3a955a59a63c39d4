// Internal to the tuned CUDA line filters: weights passed by value, the register-window inner
// loop they share, and asynchronous tile loads.
#pragma once
#include <algorithm>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

#include "backends/cuda/launch.cuh"
#include "ndimage/correlate1d_impl.hpp"

namespace cupix::backends::cuda {

constexpr int kMaxTaps = 129;

template <class T>
struct Taps {
  T w[kMaxTaps];
  int count;  // number of weights
  int shift;  // input index = output index + tap - shift
};

// Q taps (Q <= R) of a window of R values sliding along `src` with Step elements between
// neighbours (Step 0: `step`, known only at run time): every register index is a compile-time
// constant, so values stay in registers, and with a compile-time Step each shared-memory load
// uses an immediate offset. On return `src` has moved Q values on.
template <class Reduce, int R, int Step, int Q, class T>
__device__ __forceinline__ void window_taps(const T*& src, int step, const T* w, T (&win)[R], T (&acc)[R]) {
  const int s = Step != 0 ? Step : step;
#pragma unroll
  for (int j = 0; j < Q; ++j) {
    const T wk = w[j];
#pragma unroll
    for (int r = 0; r < R; ++r) acc[r] = Reduce::fold(acc[r], wk, win[(j + r) % R]);
    win[j] = src[j * s];  // the slot just retired takes the value R further on
  }
  src += Q * s;
}

template <class Reduce, int R, int Step, int Q = R - 1, class T>
__device__ __forceinline__ void window_tail(int rem, const T*& src, int step, const T* w, T (&win)[R],
                                            T (&acc)[R]) {
  if constexpr (Q > 0) {
    if (rem == Q) window_taps<Reduce, R, Step, Q>(src, step, w, win, acc);
    else window_tail<Reduce, R, Step, Q - 1>(rem, src, step, w, win, acc);
  }
}

// R consecutive outputs of one thread: acc[r] = sum_k w[k] * src[(r + k) * Step] (or the
// minimum/maximum over the window, by the line engine's Reduce policies; the sum contracts to
// FMAs). Reads up to src[(taps + R - 1) * Step], so tiles carry R values beyond the last tap.
template <class Reduce, int R, int Step, class T>
__device__ __forceinline__ void window_reduce(const T* src, const Taps<T>& t, T (&acc)[R], int step = Step) {
  const int s = Step != 0 ? Step : step;
  T win[R];
#pragma unroll
  for (int r = 0; r < R; ++r) {
    win[r] = src[r * s];
    acc[r] = Reduce::template init<T>();
  }
  src += R * s;
  const int full = t.count - t.count % R;
  int k = 0;
  for (; k < full; k += R) window_taps<Reduce, R, Step, R>(src, s, t.w + k, win, acc);
  // The window slots rotate by R per full block, so after them slot j again holds offset j.
  window_tail<Reduce, R, Step>(t.count - full, src, s, t.w + k, win, acc);
}

// Tiles are filled with asynchronous copies (cp.async), so that every load of a thread is in
// flight at once instead of one round trip to memory after another. Plain PTX: the
// __pipeline_memcpy_async intrinsic measured several extra instructions per copy.
template <int Bytes = 0, class T>
__device__ __forceinline__ void load_async(T* dst, const T* src) {
  constexpr int n = Bytes != 0 ? Bytes : sizeof(T);
  static_assert(n == 4 || n == 8 || n == 16);
  const auto s = static_cast<unsigned>(__cvta_generic_to_shared(dst));
  if constexpr (n == 16)  // 16-byte copies may bypass L1 (.cg); smaller ones must go through it
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16;\n" ::"r"(s), "l"(src) : "memory");
  else
    asm volatile("cp.async.ca.shared.global [%0], [%1], %2;\n" ::"r"(s), "l"(src), "n"(n) : "memory");
}
__device__ __forceinline__ void wait_loads() {
  asm volatile("cp.async.commit_group;\ncp.async.wait_group 0;\n" ::: "memory");
}

template <class T>
Taps<T> make_taps(const std::vector<double>& weights, int origin) {
  Taps<T> t{};
  t.count = static_cast<int>(weights.size());
  for (int i = 0; i < t.count; ++i) t.w[i] = static_cast<T>(weights[static_cast<std::size_t>(i)]);
  t.shift = t.count / 2 + origin;
  return t;
}

// Lets `kernel` use `bytes` of dynamic shared memory (opting in above the default 48 KB);
// false when the device has less to give. The opt-in is remembered per kernel and device, so
// repeated launches make no extra runtime calls (they cost microseconds each, on every call).
template <class Kernel>
bool reserve_shared(Kernel* kernel, std::size_t bytes) {
  constexpr std::size_t kDefault = 48 * 1024;
  if (bytes <= kDefault) return true;
  int device = 0;
  CUPIX_CUDA_CHECK(cudaGetDevice(&device));
  static std::mutex mutex;
  static std::map<std::pair<const void*, int>, std::size_t> reserved;
  const std::lock_guard<std::mutex> lock(mutex);
  std::size_t& have = reserved[{reinterpret_cast<const void*>(kernel), device}];
  if (bytes <= have) return true;
  int limit = 0;
  CUPIX_CUDA_CHECK(cudaDeviceGetAttribute(&limit, cudaDevAttrMaxSharedMemoryPerBlockOptin, device));
  if (bytes > static_cast<std::size_t>(limit)) return false;
  CUPIX_CUDA_CHECK(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(bytes)));
  have = bytes;
  return true;
}

// Resident blocks per multiprocessor for `kernel` at this block size and shared memory, cached.
template <class Kernel>
int blocks_per_sm(Kernel* kernel, int threads, std::size_t bytes) {
  int device = 0;
  CUPIX_CUDA_CHECK(cudaGetDevice(&device));
  static std::mutex mutex;
  static std::map<std::tuple<const void*, int, int, std::size_t>, int> cache;
  const std::lock_guard<std::mutex> lock(mutex);
  const auto key = std::make_tuple(reinterpret_cast<const void*>(kernel), device, threads, bytes);
  auto it = cache.find(key);
  if (it == cache.end()) {
    int n = 1;
    CUPIX_CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&n, kernel, threads, bytes));
    it = cache.emplace(key, std::max(n, 1)).first;
  }
  return it->second;
}

// Calls f(policy) with the line engine's Reduce policy for `reduce`.
template <class F>
decltype(auto) with_reduce(ndimage::detail::Reduce reduce, F&& f) {
  using namespace ndimage::detail;
  if (reduce == Reduce::minimum) return f(Minimum{});
  if (reduce == Reduce::maximum) return f(Maximum{});
  return f(WeightedSum{});
}

inline int grid_for(std::int64_t blocks, int per_sm) {
  return static_cast<int>(std::min<std::int64_t>(blocks, std::int64_t{multiprocessor_count()} * per_sm));
}

}  // namespace cupix::backends::cuda
