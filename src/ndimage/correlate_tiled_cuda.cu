// n-D correlation (weighted sums) of float32 or float64 data whose window lies in the last two
// axes, on the GPU: a block loads a 32x32 output tile plus its halo into shared memory, the
// boundary mode applied once per loaded value, and each thread sums four outputs down a column
// from there, taps and weights in the kernel's parameters (one constant-cache read per tap for
// the whole warp). The generic kernel reads every tap's value, weight and offset from device
// memory and uploads the tables first: 0.8x CuPy at 5x5 on a 4K image. Taps are summed in the
// generic kernel's order, so the two agree exactly.
#include <algorithm>

#include "backends/cuda/launch.cuh"
#include "correlate.hpp"
#include "kernels/boundary.hpp"
#include "kernels/hd.hpp"

namespace cupix::ndimage::detail {

namespace {

constexpr int kTX = 32, kTY = 8, kRows = 4, kTileRows = kTY * kRows;
constexpr int kMaxTaps = 256;
constexpr std::size_t kMaxTileBytes = 48 * 1024;

template <class T>
struct TiledCorrelate {
  const T* in;
  T* out;
  std::int64_t ny, nx, in_sy, out_sy;  // rows and columns of an image; strides in elements
  kernels::Layout lead_in, lead_out;   // the axes before the last two: one image each
  std::int64_t images;
  int ymin, xmin;  // the window's smallest offsets
  int tile_h, tile_w, count;
  Mode mode;
  T cval;
  T weight[kMaxTaps];
  std::int32_t offset[kMaxTaps];  // each tap's offset in the tile from its output's position
};

template <class T>
__global__ void __launch_bounds__(kTX* kTY) correlate_tiled_kernel(const __grid_constant__ TiledCorrelate<T> p) {
  extern __shared__ __align__(16) unsigned char shared_bytes[];
  T* tile = reinterpret_cast<T*>(shared_bytes);
  const int tx = static_cast<int>(threadIdx.x), ty = static_cast<int>(threadIdx.y);
  const std::int64_t x0 = static_cast<std::int64_t>(blockIdx.x) * kTX;
  const std::int64_t y0 = static_cast<std::int64_t>(blockIdx.y) * kTileRows;
  for (std::int64_t image = blockIdx.z; image < p.images; image += gridDim.z) {
    const std::int64_t in_img = p.lead_in.offset(image), out_img = p.lead_out.offset(image);
    __syncthreads();  // the previous image's tile is no longer read
    for (int r = ty; r < p.tile_h; r += kTY) {
      const std::int64_t y = kernels::extend_index(y0 + p.ymin + r, p.ny, p.mode);
      T* dst = tile + r * p.tile_w;
      if (y < 0) {
        for (int c = tx; c < p.tile_w; c += kTX) dst[c] = p.cval;
        continue;
      }
      const T* src = p.in + in_img + y * p.in_sy;
      for (int c = tx; c < p.tile_w; c += kTX) {
        const std::int64_t x = kernels::extend_index(x0 + p.xmin + c, p.nx, p.mode);
        dst[c] = x < 0 ? p.cval : src[x];
      }
    }
    __syncthreads();
    const T* at = tile + ty * kRows * p.tile_w + tx;
    T acc[kRows];
#pragma unroll
    for (int j = 0; j < kRows; ++j) acc[j] = T(0);
    for (int f = 0; f < p.count; ++f) {
      const T w = p.weight[f];
      const T* tap = at + p.offset[f];
#pragma unroll
      for (int j = 0; j < kRows; ++j) acc[j] = acc[j] + w * tap[j * p.tile_w];
    }
    const std::int64_t x = x0 + tx;
#pragma unroll
    for (int j = 0; j < kRows; ++j) {
      const std::int64_t y = y0 + ty * kRows + j;
      if (y < p.ny && x < p.nx) p.out[out_img + y * p.out_sy + x] = acc[j];
    }
  }
}

template <class T>
bool run(const NDArray& in, const NDArray& out, const Footprint& fp, Mode mode, double cval) {
  const int nd = in.ndim();
  const auto count = static_cast<int>(fp.weights.size());
  for (int d = 0; d + 2 < nd; ++d)
    if (fp.min_offset[static_cast<std::size_t>(d)] != 0 || fp.max_offset[static_cast<std::size_t>(d)] != 0)
      return false;  // the window reaches beyond the last two axes
  const int ay = nd - 2, ax = nd - 1;  // ay < 0: a 1-D input, one row
  const auto lo = [&](int d) { return d < 0 ? 0 : static_cast<int>(fp.min_offset[static_cast<std::size_t>(d)]); };
  const auto hi = [&](int d) { return d < 0 ? 0 : static_cast<int>(fp.max_offset[static_cast<std::size_t>(d)]); };
  const int tile_h = kTileRows + hi(ay) - lo(ay), tile_w = kTX + hi(ax) - lo(ax);
  const std::size_t shared = static_cast<std::size_t>(tile_h) * static_cast<std::size_t>(tile_w) * sizeof(T);
  const std::int64_t ny = ay < 0 ? 1 : in.shape(ay), nx = in.shape(ax);
  if (count < 1 || count > kMaxTaps || shared > kMaxTileBytes || (ny + kTileRows - 1) / kTileRows > 65535 ||
      (nx + kTX - 1) / kTX > INT32_MAX)
    return false;
  TiledCorrelate<T> p{in.data_as<T>(), out.data_as<T>(), ny, nx,
                      ay < 0 ? 0 : in.strides()[static_cast<std::size_t>(ay)],
                      ay < 0 ? 0 : out.strides()[static_cast<std::size_t>(ay)],
                      {}, {}, 1, lo(ay), lo(ax), tile_h, tile_w, count, mode, static_cast<T>(cval), {}, {}};
  for (int f = 0; f < count; ++f) {
    const std::int32_t* o = &fp.offsets[static_cast<std::size_t>(f) * static_cast<std::size_t>(nd)];
    p.weight[f] = static_cast<T>(fp.weights[static_cast<std::size_t>(f)]);
    p.offset[f] = ((ay < 0 ? 0 : o[ay] - lo(ay)) * tile_w) + o[ax] - lo(ax);
  }
  p.lead_in.ndim = p.lead_out.ndim = std::max(nd - 2, 0);
  for (int d = 0; d + 2 < nd; ++d) {
    p.lead_in.shape[d] = p.lead_out.shape[d] = in.shape(d);
    p.lead_in.strides[d] = in.strides()[static_cast<std::size_t>(d)];
    p.lead_out.strides[d] = out.strides()[static_cast<std::size_t>(d)];
    p.images *= in.shape(d);
  }
  const dim3 grid(static_cast<unsigned>((nx + kTX - 1) / kTX), static_cast<unsigned>((ny + kTileRows - 1) / kTileRows),
                  static_cast<unsigned>(std::min<std::int64_t>(p.images, 65535)));
  correlate_tiled_kernel<T><<<grid, dim3(kTX, kTY), shared, backends::current_cuda_stream()>>>(p);
  CUPIX_CUDA_CHECK(cudaGetLastError());
  return true;
}

}  // namespace

bool correlate_tiled(const NDArray& in, const NDArray& out, const Footprint& fp, Mode mode, double cval) {
  if (!in.device().is_cuda() || in.ndim() < 1 || in.size() == 0 || in.dtype() != out.dtype() ||
      in.strides().back() != 1 || out.strides().back() != 1)
    return false;
  if (in.dtype() == DType::float32) return run<float>(in, out, fp, mode, cval);
  if (in.dtype() == DType::float64) return run<double>(in, out, fp, mode, cval);
  return false;
}

}  // namespace cupix::ndimage::detail
