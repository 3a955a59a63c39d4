// Fused 2-D separable correlation over the last two axes of a C-contiguous float32 or float64
// array.
// Each block makes a TY x TX output tile (Tile<T> below):
//   1. load the input tile with its halo (TY+Ky-1 rows, TX+Kx-1 columns) into shared memory A,
//      applying each axis' boundary mode; interior tiles (most of an image) skip the boundary
//      arithmetic and copy 16 bytes at a time;
//   2. vertical pass into shared memory B (TY rows, TX+Kx-1 columns): each thread slides an
//      RV-value register window down a column, lanes on neighbouring columns;
//   3. horizontal pass: lanes on rows of B (odd pitch, no bank conflicts), RH outputs per thread;
//   4. results staged in shared memory and stored with coalesced writes (storing each thread's
//      outputs straight from registers measured slower: 32 scattered rows per store).
// The tile is wide so that the vertical pass recomputes few halo columns; neighbouring tiles'
// halos come from L2, so device memory sees about one read and one write of the array.
#include <algorithm>

#include "backends/cuda/launch.cuh"
#include "kernels/boundary.hpp"
#include "separable.hpp"
#include "separable_taps.cuh"

namespace cupix::backends::cuda {

namespace {

// Tile shapes, measured on the H100 (σ=4 float32 4K, 33 taps per axis; docs/benchmarks):
// float32 64 x 128 with 16-value windows, 512 threads, 2 blocks per SM: 63 µs, against 77 µs for
// 32 x 128 with 8-value windows. float64 keeps the smaller tile: its windows need twice the
// registers and its tiles twice the shared memory.
template <class T>
struct Tile;
template <>
struct Tile<float> {
  static constexpr int kTY = 64, kTX = 128, kRV = 16, kRH = 16, kThreads = 512;
};
template <>
struct Tile<double> {
  static constexpr int kTY = 32, kTX = 128, kRV = 8, kRH = 8, kThreads = 256;
};

// Shared-memory layout of a tile. A window reads one value past its last tap, so A holds one row
// more than the outputs use and B one column more; those are never loaded or computed (the
// value read there is never used). A also stages the output tile.
struct Geometry {
  int rows_used;   // input rows the outputs use
  int cols_used;   // input columns the outputs use: loaded into A, computed into B
  int pitch_a;     // cols_used rounded up to whole 16-byte copies
  int pitch_b;     // odd: the horizontal pass has lanes on rows
  int a_elements, b_elements;
};

template <class T>
Geometry geometry(const Taps<T>& ty, const Taps<T>& tx) {
  using C = Tile<T>;
  constexpr int v = 16 / sizeof(T);  // elements per 16-byte copy
  Geometry g{};
  g.rows_used = C::kTY + ty.count - 1;
  g.cols_used = C::kTX + tx.count - 1;
  g.pitch_a = (g.cols_used + v - 1) / v * v;
  g.pitch_b = (C::kTX + tx.count) | 1;
  g.a_elements = std::max((g.rows_used + 1) * g.pitch_a, C::kTY * (C::kTX + 1));
  g.b_elements = C::kTY * g.pitch_b;
  return g;
}

template <class T, class Reduce>
__global__ void __launch_bounds__(Tile<T>::kThreads)
    separable2d(const T* __restrict__ in, T* __restrict__ out, std::int64_t planes, std::int64_t h, std::int64_t w,
                const __grid_constant__ Taps<T> ty, const __grid_constant__ Taps<T> tx, ndimage::Mode mode_y,
                ndimage::Mode mode_x, T cval, Geometry g) {
  constexpr int kTY = Tile<T>::kTY, kTX = Tile<T>::kTX, kRV = Tile<T>::kRV, kRH = Tile<T>::kRH;
  constexpr int kThreads = Tile<T>::kThreads;
  constexpr int kGroups = kTY / kRV;   // row groups of the vertical pass
  constexpr int kOutPitch = kTX + 1;   // staging pitch for the results (odd: no bank conflicts)
  constexpr int kMaxColsPerLane = (kTX + kMaxTaps + 31) / 32;
  extern __shared__ __align__(16) unsigned char smem_bytes[];
  T* a = reinterpret_cast<T*>(smem_bytes);
  T* b = a + g.a_elements;
  const int lane = threadIdx.x % 32, warp = threadIdx.x / 32, warps = kThreads / 32;
  const bool x_constant = mode_x == ndimage::Mode::constant || mode_x == ndimage::Mode::grid_constant;
  const std::int64_t bx = (w + kTX - 1) / kTX, by = (h + kTY - 1) / kTY;
  for (std::int64_t blk = blockIdx.x; blk < planes * by * bx; blk += gridDim.x) {
    const std::int64_t p = blk / (by * bx), rem = blk - p * by * bx;
    const std::int64_t y0 = rem / bx * kTY, x0 = rem % bx * kTX;
    const std::int64_t ys = y0 - ty.shift, xs = x0 - tx.shift;  // input origin of the tile
    const T* src = in + p * h * w;
    __syncthreads();
    constexpr int v = 16 / sizeof(T);
    if (ys >= 0 && ys + g.rows_used <= h && xs >= 0 && xs + g.pitch_a <= w) {
      // Interior tile: plain copies, 16 bytes at a time where the rows allow it.
      const T* corner = src + ys * w + xs;
      if (xs % v == 0 && w % v == 0 && reinterpret_cast<std::uintptr_t>(src) % 16 == 0) {
        for (int r = warp; r < g.rows_used; r += warps)
          for (int q = lane * v; q < g.pitch_a; q += 32 * v) load_async<16>(a + r * g.pitch_a + q, corner + r * w + q);
      } else {
        for (int r = warp; r < g.rows_used; r += warps) {
#pragma unroll
          for (int i = 0; i < kMaxColsPerLane; ++i)
            if (lane + 32 * i < g.cols_used) load_async(a + r * g.pitch_a + lane + 32 * i, corner + r * w + lane + 32 * i);
        }
      }
    } else {
      // Each lane maps its columns once per tile; each warp maps its rows once per row.
      std::int64_t col_src[kMaxColsPerLane];
#pragma unroll
      for (int i = 0; i < kMaxColsPerLane; ++i) col_src[i] = kernels::extend_index(xs + lane + 32 * i, w, mode_x);
      for (int r = warp; r < g.rows_used; r += warps) {
        const std::int64_t yy = kernels::extend_index(ys + r, h, mode_y);
        const T* row = src + yy * w;
#pragma unroll
        for (int i = 0; i < kMaxColsPerLane; ++i) {
          const int c = lane + 32 * i;
          if (c < g.cols_used) {
            T* t = a + r * g.pitch_a + c;
            if (yy >= 0 && col_src[i] >= 0) load_async(t, row + col_src[i]);
            else *t = yy < 0 ? cval : T(0);
          }
        }
      }
    }
    wait_loads();
    __syncthreads();
    // Vertical pass: warp items of 32 neighbouring columns (consecutive in A: no bank conflicts)
    // by row group.
    const int col_blocks = (g.cols_used + 31) / 32;
    for (int wi = warp; wi < col_blocks * kGroups; wi += warps) {
      const int c = wi / kGroups * 32 + lane, group = wi % kGroups;
      if (c >= g.cols_used) continue;
      T acc[kRV];
      window_reduce<Reduce, kRV, 0>(a + group * kRV * g.pitch_a + c, ty, acc, g.pitch_a);
      // SciPy extends the vertically filtered image along x: a constant x-mode reads cval there.
      const bool outside = x_constant && (xs + c < 0 || xs + c >= w);
#pragma unroll
      for (int r = 0; r < kRV; ++r) b[(group * kRV + r) * g.pitch_b + c] = outside ? cval : acc[r];
    }
    __syncthreads();
    // Horizontal pass: item = kTY * column group + row; results staged in A (all reads of A
    // finished before the last barrier) so that the stores below are coalesced.
    for (int item = threadIdx.x; item < kTY * (kTX / kRH); item += kThreads) {
      const int row = item % kTY, group = item / kTY;
      T acc[kRH];
      window_reduce<Reduce, kRH, 1>(b + row * g.pitch_b + group * kRH, tx, acc);
#pragma unroll
      for (int r = 0; r < kRH; ++r) a[row * kOutPitch + group * kRH + r] = acc[r];
    }
    __syncthreads();
    T* dst = out + p * h * w + y0 * w + x0;
    const int rows_left = static_cast<int>(std::min<std::int64_t>(kTY, h - y0));
    const int cols_left = static_cast<int>(std::min<std::int64_t>(kTX, w - x0));
    for (int r = warp; r < rows_left; r += warps) {
      T* row = dst + r * w + lane;
      const T* staged = a + r * kOutPitch + lane;
#pragma unroll
      for (int i = 0; i < kTX / 32; ++i)
        if (lane + 32 * i < cols_left) row[32 * i] = staged[32 * i];
    }
  }
}

}  // namespace

namespace {

template <class T, class Reduce>
bool run_pair(const NDArray& in, const NDArray& out, const std::vector<double>& weights_y,
              const ndimage::detail::Line1d& line_y, const std::vector<double>& weights_x,
              const ndimage::detail::Line1d& line_x) {
  const Taps<T> ty = make_taps<T>(weights_y, line_y.origin), tx = make_taps<T>(weights_x, line_x.origin);
  const Geometry g = geometry(ty, tx);
  const std::size_t smem = sizeof(T) * (static_cast<std::size_t>(g.a_elements) + g.b_elements);
  if (!reserve_shared(separable2d<T, Reduce>, smem)) return false;
  const int nd = in.ndim();
  const std::int64_t h = in.shape(nd - 2), w = in.shape(nd - 1), planes = in.size() / (h * w);
  using C = Tile<T>;
  const std::int64_t blocks = planes * ((h + C::kTY - 1) / C::kTY) * ((w + C::kTX - 1) / C::kTX);
  const int per_sm = blocks_per_sm(separable2d<T, Reduce>, C::kThreads, smem);
  separable2d<T, Reduce><<<grid_for(blocks, per_sm), C::kThreads, smem, current_cuda_stream()>>>(
      in.data_as<T>(), out.data_as<T>(), planes, h, w, ty, tx, line_y.mode, line_x.mode, static_cast<T>(line_y.cval),
      g);
  CUPIX_CUDA_CHECK(cudaGetLastError());
  return true;
}

}  // namespace

bool correlate_last_two_axes_tuned(const NDArray& in, const NDArray& out, const std::vector<double>& weights_y,
                                   const ndimage::detail::Line1d& line_y, const std::vector<double>& weights_x,
                                   const ndimage::detail::Line1d& line_x) {
  const int nd = in.ndim();
  if (!tuned_kernels_enabled() || nd < 2 || line_y.axis != nd - 2 || line_x.axis != nd - 1 ||
      line_y.reduce != line_x.reduce ||
      in.dtype() != out.dtype() || !in.device().is_cuda() || !in.is_c_contiguous() || !out.is_c_contiguous() ||
      weights_y.size() > kMaxTaps || weights_x.size() > kMaxTaps || in.size() == 0 || line_y.cval != line_x.cval ||
      may_share_memory(in, out))
    return false;
  return with_reduce(line_y.reduce, [&]<class Reduce>(Reduce) {
    if (in.dtype() == DType::float32) return run_pair<float, Reduce>(in, out, weights_y, line_y, weights_x, line_x);
    if (in.dtype() == DType::float64) return run_pair<double, Reduce>(in, out, weights_y, line_y, weights_x, line_x);
    return false;
  });
}

}  // namespace cupix::backends::cuda
