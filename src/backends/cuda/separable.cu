// Two kernels cover every axis of a C-contiguous array viewed as (outer, n, inner):
//  - column_pass (inner >= 32): a warp reads 32 neighbouring columns (coalesced); each thread
//    walks R consecutive outputs down its column, keeping a window of R inputs in registers so each
//    shared-memory load feeds R FMAs.
//  - row_pass (inner == 1): the same register window, with lanes mapped to rows of a shared tile
//    whose row pitch is odd (no bank conflicts); results go back through shared memory so that
//    global stores are coalesced.
// Weights travel in the kernel's parameter space (constant bank).
#include <algorithm>
#include <atomic>

#include "backends/cuda/launch.cuh"
#include "kernels/boundary.hpp"
#include "separable.hpp"
#include "separable_taps.cuh"

namespace cupix::backends::cuda {

namespace {

std::atomic<bool> g_enabled{true};

constexpr int kColR = 8, kColTY = 8, kColTile = kColR * kColTY;  // outputs along the axis per block
constexpr int kRowR = 16, kRowWarps = 8, kRowTile = kRowR * kRowWarps;

template <class T, class Reduce>
__global__ void column_pass(const T* __restrict__ in, T* __restrict__ out, std::int64_t outer, std::int64_t n,
                            std::int64_t inner, const __grid_constant__ Taps<T> taps, ndimage::Mode mode, T cval) {
  extern __shared__ __align__(16) unsigned char smem_bytes[];
  T* tile = reinterpret_cast<T*>(smem_bytes);  // rows x 32
  const std::int64_t x_blocks = (inner + 31) / 32, y_blocks = (n + kColTile - 1) / kColTile;
  const int rows = kColTile + taps.count + kColR;
  for (std::int64_t b = blockIdx.x; b < x_blocks * y_blocks * outer; b += gridDim.x) {
    const std::int64_t o = b / (x_blocks * y_blocks), rem = b - o * x_blocks * y_blocks;
    const std::int64_t y0 = (rem / x_blocks) * kColTile, x = (rem % x_blocks) * 32 + threadIdx.x;
    const T* src = in + o * n * inner;
    __syncthreads();  // the previous block's readers are done with the tile
    for (int r = threadIdx.y; r < rows; r += kColTY) {
      const std::int64_t s = kernels::extend_index(y0 - taps.shift + r, n, mode);
      T* t = tile + r * 32 + threadIdx.x;
      if (x < inner && s >= 0) load_async(t, src + s * inner + x);
      else *t = x >= inner ? T(0) : cval;
    }
    wait_loads();
    __syncthreads();
    T acc[kColR];
    window_reduce<Reduce, kColR, 32>(tile + threadIdx.y * kColR * 32 + threadIdx.x, taps, acc);
    if (x < inner) {
#pragma unroll
      for (int r = 0; r < kColR; ++r) {
        const std::int64_t y = y0 + threadIdx.y * kColR + r;
        if (y < n) out[(o * n + y) * inner + x] = acc[r];
      }
    }
  }
}

template <class T, class Reduce>
__global__ void row_pass(const T* __restrict__ in, T* __restrict__ out, std::int64_t lines, std::int64_t n,
                         const __grid_constant__ Taps<T> taps, ndimage::Mode mode, T cval) {
  extern __shared__ __align__(16) unsigned char smem_bytes[];
  T* tile = reinterpret_cast<T*>(smem_bytes);
  const int cols = kRowTile + taps.count + kRowR;
  const int pitch = cols | 1;               // odd pitch: lanes reading one column hit 32 banks
  constexpr int out_pitch = kRowTile + 1;  // likewise for the results
  const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  const std::int64_t x_blocks = (n + kRowTile - 1) / kRowTile, y_blocks = (lines + 31) / 32;
  for (std::int64_t b = blockIdx.x; b < x_blocks * y_blocks; b += gridDim.x) {
    const std::int64_t line0 = (b / x_blocks) * 32, x0 = (b % x_blocks) * kRowTile;
    __syncthreads();
    for (int r = warp; r < 32; r += kRowWarps) {
      const std::int64_t line = line0 + r;
      for (int c = lane; c < cols; c += 32) {
        const std::int64_t s = kernels::extend_index(x0 - taps.shift + c, n, mode);
        T* t = tile + r * pitch + c;
        if (line < lines && s >= 0) load_async(t, in + line * n + s);
        else *t = line >= lines ? T(0) : cval;
      }
    }
    wait_loads();
    __syncthreads();
    T acc[kRowR];
    window_reduce<Reduce, kRowR, 1>(tile + lane * pitch + warp * kRowR, taps, acc);
    __syncthreads();  // everyone is done reading the tile: reuse it for the results
#pragma unroll
    for (int r = 0; r < kRowR; ++r) tile[lane * out_pitch + warp * kRowR + r] = acc[r];
    __syncthreads();
    for (int r = warp; r < 32 && line0 + r < lines; r += kRowWarps) {
      for (int c = lane; c < kRowTile && x0 + c < n; c += 32) out[(line0 + r) * n + x0 + c] = tile[r * out_pitch + c];
    }
  }
}

}  // namespace

void set_tuned_kernels_enabled(bool enabled) { g_enabled = enabled; }
bool tuned_kernels_enabled() { return g_enabled; }

namespace {

template <class T, class Reduce>
bool run_line(const NDArray& in, const NDArray& out, const std::vector<double>& weights,
              const ndimage::detail::Line1d& line) {
  std::int64_t outer = 1, inner = 1;
  for (int d = 0; d < line.axis; ++d) outer *= in.shape(d);
  for (int d = line.axis + 1; d < in.ndim(); ++d) inner *= in.shape(d);
  const std::int64_t n = in.shape(line.axis);
  const auto stream = current_cuda_stream();
  const auto cval = static_cast<T>(line.cval);
  const Taps<T> taps = make_taps<T>(weights, line.origin);
  if (inner == 1) {
    const int cols = kRowTile + taps.count + kRowR;
    const std::size_t smem = sizeof(T) * 32 * static_cast<std::size_t>(std::max(cols | 1, kRowTile + 1));
    const std::int64_t blocks = (n + kRowTile - 1) / kRowTile * ((outer + 31) / 32);
    if (!reserve_shared(row_pass<T, Reduce>, smem)) return false;
    row_pass<T, Reduce><<<grid_for(blocks, 8), kRowWarps * 32, smem, stream>>>(in.data_as<T>(), out.data_as<T>(), outer, n,
                                                                      taps, line.mode, cval);
  } else if (inner >= 32) {
    const std::size_t smem = sizeof(T) * 32 * static_cast<std::size_t>(kColTile + taps.count + kColR);
    const std::int64_t blocks = (inner + 31) / 32 * ((n + kColTile - 1) / kColTile) * outer;
    if (!reserve_shared(column_pass<T, Reduce>, smem)) return false;
    column_pass<T, Reduce><<<grid_for(blocks, 16), dim3(32, kColTY), smem, stream>>>(in.data_as<T>(), out.data_as<T>(), outer,
                                                                            n, inner, taps, line.mode, cval);
  } else {
    return false;
  }
  CUPIX_CUDA_CHECK(cudaGetLastError());
  return true;
}

}  // namespace

bool correlate1d_tuned(const NDArray& in, const NDArray& out, const std::vector<double>& weights,
                       const ndimage::detail::Line1d& line) {
  if (!g_enabled || in.dtype() != out.dtype() || !in.device().is_cuda() || !in.is_c_contiguous() ||
      !out.is_c_contiguous() || weights.size() > kMaxTaps || in.size() == 0)
    return false;
  return with_reduce(line.reduce, [&]<class Reduce>(Reduce) {
    if (in.dtype() == DType::float32) return run_line<float, Reduce>(in, out, weights, line);
    if (in.dtype() == DType::float64) return run_line<double, Reduce>(in, out, weights, line);
    return false;
  });
}

}  // namespace cupix::backends::cuda
