// Internal to the tuned CUDA line filters: weights passed by value and the register-window
// inner loop they share.
#pragma once
#include <algorithm>
#include <vector>

#include <cuda_pipeline.h>

#include "backends/cuda/launch.cuh"

namespace cupix::backends::cuda {

constexpr int kMaxTaps = 129;

struct Taps {
  float w[kMaxTaps + 16];  // zero padded to a multiple of the register block
  int padded;              // number of taps after padding
  int shift;               // input index = output index + tap - shift
};

// R outputs of one thread from a window sliding along `src` (Step floats between neighbours, a
// compile-time constant so every shared-memory load uses an immediate offset).
template <int R, int Step>
__device__ __forceinline__ void window_fma(const float* src, const Taps& t, float (&acc)[R]) {
  float win[R];
#pragma unroll
  for (int r = 0; r < R; ++r) {
    win[r] = src[r * Step];
    acc[r] = 0.0f;
  }
  src += R * Step;
  for (int k = 0; k < t.padded; k += R, src += R * Step) {
#pragma unroll
    for (int j = 0; j < R; ++j) {
      const float wk = t.w[k + j];
#pragma unroll
      for (int r = 0; r < R; ++r) acc[r] = fmaf(wk, win[(j + r) % R], acc[r]);
      win[j] = src[j * Step];  // the slot just retired takes the value R further on
    }
  }
}

// Tiles are filled with asynchronous copies (cp.async), so that every load of a thread is in
// flight at once instead of one round trip to memory after another.
__device__ __forceinline__ void load_async(float* dst, const float* src) { __pipeline_memcpy_async(dst, src, sizeof(float)); }
__device__ __forceinline__ void wait_loads() {
  __pipeline_commit();
  __pipeline_wait_prior(0);
}

inline Taps make_taps(const std::vector<double>& weights, int origin, int block) {
  Taps t{};
  const int k = static_cast<int>(weights.size());
  t.padded = (k + block - 1) / block * block;
  for (int i = 0; i < k; ++i) t.w[i] = static_cast<float>(weights[static_cast<std::size_t>(i)]);
  t.shift = k / 2 + origin;
  return t;
}

inline int grid_for(std::int64_t blocks, int per_sm) {
  return static_cast<int>(std::min<std::int64_t>(blocks, std::int64_t{multiprocessor_count()} * per_sm));
}

}  // namespace cupix::backends::cuda
