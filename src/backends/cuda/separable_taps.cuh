// Internal to the tuned CUDA line filters: weights passed by value, the register-window inner
// loop they share, and asynchronous tile loads.
#pragma once
#include <algorithm>
#include <vector>

#include "backends/cuda/launch.cuh"

namespace cupix::backends::cuda {

constexpr int kMaxTaps = 129;

struct Taps {
  float w[kMaxTaps];
  int count;  // number of weights
  int shift;  // input index = output index + tap - shift
};

// Q taps (Q <= R) of a window of R values sliding along `src` with Step floats between
// neighbours: every index is a compile-time constant, so values stay in registers and each
// shared-memory load uses an immediate offset. On return `src` has moved Q values on.
template <int R, int Step, int Q>
__device__ __forceinline__ void window_taps(const float*& src, const float* w, float (&win)[R], float (&acc)[R]) {
#pragma unroll
  for (int j = 0; j < Q; ++j) {
    const float wk = w[j];
#pragma unroll
    for (int r = 0; r < R; ++r) acc[r] = fmaf(wk, win[(j + r) % R], acc[r]);
    win[j] = src[j * Step];  // the slot just retired takes the value R further on
  }
  src += Q * Step;
}

template <int R, int Step, int Q = R - 1>
__device__ __forceinline__ void window_tail(int rem, const float*& src, const float* w, float (&win)[R],
                                            float (&acc)[R]) {
  if constexpr (Q > 0) {
    if (rem == Q) window_taps<R, Step, Q>(src, w, win, acc);
    else window_tail<R, Step, Q - 1>(rem, src, w, win, acc);
  }
}

// R consecutive outputs of one thread: acc[r] = sum_k w[k] * src[(r + k) * Step]. Reads up to
// src[(taps + R - 1) * Step], so tiles carry R values beyond the last tap.
template <int R, int Step>
__device__ __forceinline__ void window_fma(const float* src, const Taps& t, float (&acc)[R]) {
  float win[R];
#pragma unroll
  for (int r = 0; r < R; ++r) {
    win[r] = src[r * Step];
    acc[r] = 0.0f;
  }
  src += R * Step;
  const int full = t.count - t.count % R;
  int k = 0;
  for (; k < full; k += R) window_taps<R, Step, R>(src, t.w + k, win, acc);
  // The window slots rotate by R per full block, so after them slot j again holds offset j.
  window_tail<R, Step>(t.count - full, src, t.w + k, win, acc);
}

// Tiles are filled with asynchronous copies (cp.async), so that every load of a thread is in
// flight at once instead of one round trip to memory after another. Plain PTX: the
// __pipeline_memcpy_async intrinsic measured several extra instructions per copy.
__device__ __forceinline__ void load_async(float* dst, const float* src) {
  const auto s = static_cast<unsigned>(__cvta_generic_to_shared(dst));
  asm volatile("cp.async.ca.shared.global [%0], [%1], 4;\n" ::"r"(s), "l"(src) : "memory");
}
__device__ __forceinline__ void wait_loads() {
  asm volatile("cp.async.commit_group;\ncp.async.wait_group 0;\n" ::: "memory");
}

inline Taps make_taps(const std::vector<double>& weights, int origin) {
  Taps t{};
  t.count = static_cast<int>(weights.size());
  for (int i = 0; i < t.count; ++i) t.w[i] = static_cast<float>(weights[static_cast<std::size_t>(i)]);
  t.shift = t.count / 2 + origin;
  return t;
}

inline int grid_for(std::int64_t blocks, int per_sm) {
  return static_cast<int>(std::min<std::int64_t>(blocks, std::int64_t{multiprocessor_count()} * per_sm));
}

}  // namespace cupix::backends::cuda
