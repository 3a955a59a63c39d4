// CUDA launches of the rank engine:
//  - planar windows (every offset in the last two axes; 2-D images, stacks of them, 1-D lines):
//    a block loads a 32x32 output tile plus its halo into shared memory as order keys, boundary
//    mode applied once per loaded value, and each thread selects from there: a sorting network in
//    registers up to 64 values (32 for 8-byte keys), radix selection beyond;
//  - 8-bit data with larger windows: histogram strips, counters in shared memory interleaved by
//    thread so that a warp's updates hit distinct banks;
//  - other windows: the single-source kernels (radix selection past 32 values).
#include "backends/cuda/launch.cuh"
#include "rank_impl.hpp"

namespace cupix::ndimage::detail {

namespace {

constexpr int kHistBlock = 64;

template <class T, class Counter>
__global__ void __launch_bounds__(kHistBlock, 8) hist_rank_kernel(HistRank<T> op, std::int64_t items) {
  extern __shared__ __align__(16) unsigned char shared_bytes[];
  Counter* counters = reinterpret_cast<Counter*>(shared_bytes);
  const int t = static_cast<int>(threadIdx.x);
  const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * kHistBlock;
  for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * kHistBlock + t; i < items; i += step)
    op.run(i, counters + t, counters + HistRank<T>::kBins * kHistBlock + t, kHistBlock);
}

constexpr int kTileX = 32, kThreadsY = 8, kRowsPerThread = 4, kTileY = kThreadsY * kRowsPerThread;
constexpr std::size_t kMaxTileBytes = 48 * 1024;
constexpr int kMaxPlanarCount = 1024;

template <class T>
struct PlanarRank {
  using Key = OrderedKey<T>;
  using K = typename Key::type;
  const T* in;
  char* out;
  DType out_dtype;
  std::int64_t out_item;
  std::int64_t ny, nx, in_sy, in_sx, out_sy, out_sx;  // the last two axes (ny = 1 for 1-D inputs)
  kernels::Layout lead_in, lead_out;                   // the leading axes: one image each
  std::int64_t images;
  int ymin, xmin, tile_h, tile_w;  // the window's smallest offsets; the tile with its halo
  int count, rank;
  Mode mode;
  K cval;
  // Per window value: its tile offset from the output's position. A kernel parameter, so a call
  // uploads nothing, and the unrolled networks read it as constant operands.
  std::int32_t tile_offsets[kMaxPlanarCount];
};

// N: the network's width (0: radix selection); Count: the window's size where it is fixed when
// compiling (0: any size up to N).
template <class T, int N, int Count = 0>
__global__ void __launch_bounds__(kTileX* kThreadsY) planar_rank_kernel(PlanarRank<T> p) {
  using K = typename PlanarRank<T>::K;
  extern __shared__ __align__(16) unsigned char shared_bytes[];
  K* tile = reinterpret_cast<K*>(shared_bytes);
  const int tx = static_cast<int>(threadIdx.x), ty = static_cast<int>(threadIdx.y);
  const std::int64_t x0 = static_cast<std::int64_t>(blockIdx.x) * kTileX;
  const std::int64_t y0 = static_cast<std::int64_t>(blockIdx.y) * kTileY;
  for (std::int64_t image = blockIdx.z; image < p.images; image += gridDim.z) {
    std::int64_t in_img = 0, out_img = 0, r = image;
    for (int d = p.lead_in.ndim - 1; d >= 0; --d) {
      const std::int64_t q = r / p.lead_in.shape[d], c = r - q * p.lead_in.shape[d];
      in_img += c * p.lead_in.strides[d];
      out_img += c * p.lead_out.strides[d];
      r = q;
    }
    __syncthreads();  // the previous image's tile is no longer read
    for (int i = ty * kTileX + tx; i < p.tile_h * p.tile_w; i += kTileX * kThreadsY) {
      const int row = i / p.tile_w, col = i - row * p.tile_w;
      const std::int64_t y = kernels::extend_index(y0 + p.ymin + row, p.ny, p.mode);
      const std::int64_t x = kernels::extend_index(x0 + p.xmin + col, p.nx, p.mode);
      tile[i] = y < 0 || x < 0 ? p.cval : PlanarRank<T>::Key::key(p.in[in_img + y * p.in_sy + x * p.in_sx]);
    }
    __syncthreads();
#pragma unroll 1
    for (int j = 0; j < kRowsPerThread; ++j) {
      const int ly = ty + j * kThreadsY;
      const std::int64_t y = y0 + ly, x = x0 + tx;
      if (y >= p.ny || x >= p.nx) continue;
      const K* at = tile + ly * p.tile_w + tx;
      const auto get = [&](int f) { return at[p.tile_offsets[f]]; };
      K k;
      if constexpr (N > 0) k = network_select<N, K, decltype(get), Count>(p.count, p.rank, get);
      else k = radix_select<K>(p.count, p.rank, get);
      kernels::store_filtered(p.out + (out_img + y * p.out_sy + x * p.out_sx) * p.out_item, p.out_dtype,
                              PlanarRank<T>::Key::value(k));
    }
  }
}

}  // namespace

template <>
struct RankLaunch<backends::Cuda> {
  static constexpr int kHistogramStrip = 32;
  static constexpr int kHistogramFrom = 17;

  template <class T>
  static bool planar(const RankWindow<T>& w, const Footprint& fp, const NDArray& in, const NDArray& out) {
    using K = typename PlanarRank<T>::K;
    const int nd = in.ndim();
    for (int d = 0; d + 2 < nd; ++d)
      if (fp.min_offset[static_cast<std::size_t>(d)] != 0 || fp.max_offset[static_cast<std::size_t>(d)] != 0)
        return false;
    const int ay = nd - 2, ax = nd - 1;  // ay < 0: a 1-D input, one row
    auto lo = [&](int d) { return d < 0 ? 0 : static_cast<int>(fp.min_offset[static_cast<std::size_t>(d)]); };
    auto hi = [&](int d) { return d < 0 ? 0 : static_cast<int>(fp.max_offset[static_cast<std::size_t>(d)]); };
    const int tile_h = kTileY + hi(ay) - lo(ay), tile_w = kTileX + hi(ax) - lo(ax);
    const std::size_t shared = static_cast<std::size_t>(tile_h) * static_cast<std::size_t>(tile_w) * sizeof(K);
    const std::int64_t ny = ay < 0 ? 1 : in.shape(ay), nx = in.shape(ax);
    if (w.count > kMaxPlanarCount || shared > kMaxTileBytes || (ny + kTileY - 1) / kTileY > 65535 ||
        (nx + kTileX - 1) / kTileX > INT32_MAX)
      return false;

    PlanarRank<T> p{w.in, w.out, w.out_dtype, w.out_item, ny, nx,
                    ay < 0 ? 0 : in.strides()[static_cast<std::size_t>(ay)], in.strides()[static_cast<std::size_t>(ax)],
                    ay < 0 ? 0 : out.strides()[static_cast<std::size_t>(ay)], out.strides()[static_cast<std::size_t>(ax)],
                    {}, {}, 1, lo(ay), lo(ax), tile_h, tile_w, w.count, w.rank, w.mode, OrderedKey<T>::key(w.cval), {}};
    for (int f = 0; f < w.count; ++f) {
      const std::int32_t* o = &fp.offsets[static_cast<std::size_t>(f) * static_cast<std::size_t>(nd)];
      p.tile_offsets[f] = (ay < 0 ? 0 : (o[ay] - lo(ay)) * tile_w) + o[ax] - lo(ax);
    }
    p.lead_in.ndim = p.lead_out.ndim = std::max(nd - 2, 0);
    for (int d = 0; d + 2 < nd; ++d) {
      p.lead_in.shape[d] = p.lead_out.shape[d] = in.shape(d);
      p.lead_in.strides[d] = in.strides()[static_cast<std::size_t>(d)];
      p.lead_out.strides[d] = out.strides()[static_cast<std::size_t>(d)];
      p.images *= in.shape(d);
    }
    const dim3 block(kTileX, kThreadsY);
    const dim3 grid(static_cast<unsigned>((nx + kTileX - 1) / kTileX), static_cast<unsigned>((ny + kTileY - 1) / kTileY),
                    static_cast<unsigned>(std::min<std::int64_t>(p.images, 65535)));
    auto launch = [&](auto kernel) {
      kernel<<<grid, block, shared, backends::current_cuda_stream()>>>(p);
      CUPIX_CUDA_CHECK(cudaGetLastError());
    };
    // 3x3 and 5x5 windows, the commonest, get networks pruned for exactly 9 and 25 values.
    if (w.count == 9) return launch(planar_rank_kernel<T, 16, 9>), true;
    if (w.count <= 16) return launch(planar_rank_kernel<T, 16>), true;
    if (w.count == 25) return launch(planar_rank_kernel<T, 32, 25>), true;
    if (w.count <= 32) return launch(planar_rank_kernel<T, 32>), true;
    if constexpr (sizeof(K) <= 4) {
      if (w.count <= 64) return launch(planar_rank_kernel<T, 64>), true;
    }
    launch(planar_rank_kernel<T, 0>);
    return true;
  }

  template <class T>
  static void hist(const HistRank<T>& op, std::int64_t items) {
    // Byte counters where the window allows: half the shared memory, twice the threads per SM.
    auto launch = [&]<class Counter>(Counter*) {
      constexpr std::size_t shared = (HistRank<T>::kBins + HistRank<T>::kCoarse) * kHistBlock * sizeof(Counter);
      const std::int64_t wanted = (items + kHistBlock - 1) / kHistBlock;
      const int blocks =
          static_cast<int>(std::min<std::int64_t>(wanted, std::int64_t{backends::multiprocessor_count()} * 32));
      hist_rank_kernel<T, Counter><<<blocks, kHistBlock, shared, backends::current_cuda_stream()>>>(op, items);
      CUPIX_CUDA_CHECK(cudaGetLastError());
    };
    if (op.count <= 255) launch(static_cast<std::uint8_t*>(nullptr));
    else launch(static_cast<std::uint16_t*>(nullptr));
  }

  template <class T>
  static void large(const RankWindow<T>& w, std::int64_t n) {
    backends::Cuda::parallel_for(n, RankRadixOp<T>{w});
  }
};

template void rank_run<backends::Cuda>(const NDArray&, const NDArray&, const Footprint&, int, Mode, double);

}  // namespace cupix::ndimage::detail
