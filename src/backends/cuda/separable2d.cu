// Fused 2-D separable correlation over the last two axes of a C-contiguous float32 array.
// Each 256-thread block makes a 64x64 output tile:
//   1. load the input tile with its halo (64+Ky-1 rows, 64+Kx-1 columns) into shared memory A,
//      transposed (column-major, odd pitch), applying each axis' boundary mode;
//   2. vertical pass into shared memory B (64 rows, 64+Kx-1 columns): lanes on columns, each
//      thread sliding an 8-value register window down its column, which is contiguous in A;
//   3. horizontal pass: lanes on rows (odd pitch, no bank conflicts), 8 outputs per thread;
//   4. results staged in shared memory and stored with coalesced writes.
// Neighbouring tiles' halos come from L2, so device memory sees about one read and one write.
#include <algorithm>

#include "backends/cuda/launch.cuh"
#include "kernels/boundary.hpp"
#include "separable.hpp"
#include "separable_taps.cuh"

namespace cupix::backends::cuda {

namespace {

constexpr int kT = 64;  // output tile edge
constexpr int kR = 8;   // outputs per thread per window
constexpr int kThreads = 256;

struct Geometry {
  int rows_a, cols_a, pitch_a;  // input tile with halo, stored column-major: pitch_a >= rows_a
  int pitch_b;                  // intermediate: kT rows x cols_a
  std::size_t smem_bytes() const {
    return sizeof(float) * (static_cast<std::size_t>(cols_a) * pitch_a + static_cast<std::size_t>(kT) * pitch_b);
  }
};

Geometry geometry(const Taps& ty, const Taps& tx) {
  Geometry g{};
  g.rows_a = kT + ty.padded + kR;
  g.cols_a = kT + tx.padded + kR;
  g.pitch_a = g.rows_a | 1;
  g.pitch_b = g.cols_a | 1;
  return g;
}

__global__ void __launch_bounds__(kThreads) separable2d(const float* __restrict__ in, float* __restrict__ out,
                                                        std::int64_t planes, std::int64_t h, std::int64_t w,
                                                        const __grid_constant__ Taps ty, const __grid_constant__ Taps tx,
                                                        ndimage::Mode mode_y, ndimage::Mode mode_x, float cval,
                                                        Geometry g) {
  extern __shared__ float smem[];
  float* a = smem;
  float* b = smem + static_cast<std::size_t>(g.cols_a) * g.pitch_a;
  const int lane = threadIdx.x % 32, warp = threadIdx.x / 32, warps = kThreads / 32;
  const bool x_constant = mode_x == ndimage::Mode::constant || mode_x == ndimage::Mode::grid_constant;
  const std::int64_t bx = (w + kT - 1) / kT, by = (h + kT - 1) / kT;
  for (std::int64_t blk = blockIdx.x; blk < planes * by * bx; blk += gridDim.x) {
    const std::int64_t p = blk / (by * bx), rem = blk - p * by * bx;
    const std::int64_t y0 = rem / bx * kT, x0 = rem % bx * kT;
    const float* src = in + p * h * w;
    __syncthreads();
    // Each lane maps its columns once per tile; each warp maps its rows once per row.
    constexpr int kMaxColsPerLane = (kT + kMaxTaps + 16 + kR + 31) / 32;
    std::int64_t col_src[kMaxColsPerLane];
#pragma unroll
    for (int i = 0; i < kMaxColsPerLane; ++i)
      col_src[i] = kernels::extend_index(x0 - tx.shift + lane + 32 * i, w, mode_x);
    for (int r = warp; r < g.rows_a; r += warps) {
      const std::int64_t yy = kernels::extend_index(y0 - ty.shift + r, h, mode_y);
      const float* row = src + yy * w;
#pragma unroll
      for (int i = 0; i < kMaxColsPerLane; ++i) {
        const int c = lane + 32 * i;
        if (c >= g.cols_a) break;
        float* t = a + c * g.pitch_a + r;
        if (yy >= 0 && col_src[i] >= 0) load_async(t, row + col_src[i]);
        else *t = yy < 0 ? cval : 0.0f;
      }
    }
    wait_loads();
    __syncthreads();
    // Vertical pass: thread t takes columns t % 128 (+ 128 for wide kernels) and row groups
    // t / 128, t / 128 + 2, ...: shifts and masks, no division.
    for (int c = threadIdx.x % 128; c < g.cols_a; c += 128) {
      const bool outside = x_constant && (x0 - tx.shift + c < 0 || x0 - tx.shift + c >= w);
      for (int group = threadIdx.x / 128; group < kT / kR; group += kThreads / 128) {
        float acc[kR];
        window_fma<kR, 1>(a + c * g.pitch_a + group * kR, ty, acc);
        // SciPy extends the vertically filtered image along x: a constant x-mode reads cval there.
#pragma unroll
        for (int r = 0; r < kR; ++r) b[(group * kR + r) * g.pitch_b + c] = outside ? cval : acc[r];
      }
    }
    __syncthreads();
    // Horizontal pass: row t % 64, column groups t / 64, t / 64 + 4; results staged in A.
    for (int group = threadIdx.x / kT; group < kT / kR; group += kThreads / kT) {
      const int row = threadIdx.x % kT;
      float acc[kR];
      window_fma<kR, 1>(b + row * g.pitch_b + group * kR, tx, acc);
#pragma unroll
      for (int r = 0; r < kR; ++r) a[row * (kT + 1) + group * kR + r] = acc[r];
    }
    __syncthreads();
    float* dst = out + p * h * w;
    for (int r = warp; r < kT; r += warps) {
      const std::int64_t y = y0 + r;
      if (y >= h) break;
      for (int c = lane; c < kT; c += 32) {
        const std::int64_t x = x0 + c;
        if (x < w) dst[y * w + x] = a[r * (kT + 1) + c];
      }
    }
  }
}

}  // namespace

bool correlate_last_two_axes_tuned(const NDArray& in, const NDArray& out, const std::vector<double>& weights_y,
                                   const ndimage::detail::Line1d& line_y, const std::vector<double>& weights_x,
                                   const ndimage::detail::Line1d& line_x) {
  const int nd = in.ndim();
  if (!tuned_kernels_enabled() || nd < 2 || line_y.axis != nd - 2 || line_x.axis != nd - 1 ||
      in.dtype() != DType::float32 || out.dtype() != DType::float32 || !in.device().is_cuda() ||
      !in.is_c_contiguous() || !out.is_c_contiguous() || weights_y.size() > kMaxTaps ||
      weights_x.size() > kMaxTaps || in.size() == 0 || line_y.cval != line_x.cval || may_share_memory(in, out))
    return false;
  const Taps ty = make_taps(weights_y, line_y.origin, kR), tx = make_taps(weights_x, line_x.origin, kR);
  const Geometry g = geometry(ty, tx);
  // Wide kernels need more shared memory than the default 48 KB: opt in, up to the device's limit.
  int device = 0, limit = 0;
  CUPIX_CUDA_CHECK(cudaGetDevice(&device));
  CUPIX_CUDA_CHECK(cudaDeviceGetAttribute(&limit, cudaDevAttrMaxSharedMemoryPerBlockOptin, device));
  if (g.smem_bytes() > static_cast<std::size_t>(limit)) return false;
  CUPIX_CUDA_CHECK(cudaFuncSetAttribute(separable2d, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                        static_cast<int>(g.smem_bytes())));
  const std::int64_t h = in.shape(nd - 2), w = in.shape(nd - 1), planes = in.size() / (h * w);
  const std::int64_t blocks = planes * ((h + kT - 1) / kT) * ((w + kT - 1) / kT);
  separable2d<<<grid_for(blocks, 2), kThreads, g.smem_bytes(), current_cuda_stream()>>>(
      in.data_as<float>(), out.data_as<float>(), planes, h, w, ty, tx, line_y.mode, line_x.mode,
      static_cast<float>(line_y.cval), g);
  CUPIX_CUDA_CHECK(cudaGetLastError());
  return true;
}

}  // namespace cupix::backends::cuda
