// CUDA launches of the rank engine:
//  - windows in the last two axes (2-D images, stacks of them, 1-D lines) or three (volumes): a
//    block loads a 32x32 output tile (4x8x32 for 3-D windows) plus its halo into shared memory as
//    order keys, boundary mode applied once per loaded value, and each thread selects from there:
//    the 3x3 median from sorted rows (1-byte data four columns per 32-bit word), else a sorting
//    network in registers up to 64 values (32 for 8-byte keys), radix selection beyond;
//  - 8-bit data with larger windows: histogram strips, counters in shared memory interleaved by
//    thread so that a warp's updates hit distinct banks;
//  - other windows: the single-source kernels (radix selection past 32 values).
#include "backends/cuda/launch.cuh"
#include "rank_impl.hpp"

namespace cupix::ndimage::detail {

namespace {

constexpr int kHistBlock = 64;

template <class T, class Counter>
__global__ void __launch_bounds__(kHistBlock, 8) hist_rank_kernel(const __grid_constant__ HistRank<T> op, std::int64_t items) {
  extern __shared__ __align__(16) unsigned char shared_bytes[];
  Counter* counters = reinterpret_cast<Counter*>(shared_bytes);
  const int t = static_cast<int>(threadIdx.x);
  const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * kHistBlock;
  for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * kHistBlock + t; i < items; i += step)
    op.run(i, counters + t, counters + HistRank<T>::kBins * kHistBlock + t, kHistBlock);
}

constexpr int kTileX = 32, kThreadsY = 8, kRowsPerThread = 4, kTileY = kThreadsY * kRowsPerThread;
constexpr std::size_t kMaxTileBytes = 48 * 1024;
constexpr int kMaxTiledCount = 1024;

template <class T>
struct TiledRank {
  using Key = OrderedKey<T>;
  using K = typename Key::type;
  const T* in;
  char* out;
  DType out_dtype;
  std::int64_t out_item;
  // The tiled axes, depth z, rows y, columns x: the last two of the input, and the one before
  // where the window reaches into it. Axes a tile does not use have size 1 and stride 0.
  std::int64_t nz, ny, nx, in_sz, in_sy, in_sx, out_sz, out_sy, out_sx;
  kernels::Layout lead_in, lead_out;  // the axes before those: one tiled image each
  std::int64_t images;
  int rows_y;            // output rows per depth slice of a tile: kTileY (2-D windows) or 8
  std::int64_t tiles_y;  // tiles along y; blockIdx.y counts tiles along y, then along z
  int zmin, ymin, xmin;  // the window's smallest offsets
  int tile_d, tile_h, tile_w;  // the loaded tile, halo included
  int count, rank;
  Mode mode;
  K cval;
  // Per window value: its tile offset from the output's position. A kernel parameter, so a call
  // uploads nothing, and the unrolled networks read it as constant operands.
  std::int32_t tile_offsets[kMaxTiledCount];
};

// The median of a 3x3 box from its rows sorted: med3(largest row minimum, median of the row
// medians, smallest row maximum) — exact, ties included. A thread owns consecutive rows, so each
// sorted row serves three outputs: 3 compare-exchanges per row and ~12 min/max per output
// instead of a 9-value network.
constexpr int kMedian3x3 = -1;

template <class R>
__device__ inline void sort3(R& a, R& b, R& c) {
  const R a0 = min(a, b), b0 = max(a, b);
  const R b1 = min(b0, c);
  c = max(b0, c);
  a = min(a0, b1);
  b = max(a0, b1);
}
template <class R>
__device__ inline R median3(R a, R b, R c) {
  return max(min(a, b), min(max(a, b), c));
}

template <class T>
__device__ inline void store_result(const TiledRank<T>& p, std::int64_t offset, T v) {
  char* at = p.out + offset * p.out_item;
  if (p.out_dtype == dtype_v<T>) *reinterpret_cast<T*>(at) = v;  // the usual case: no conversion
  else kernels::store_filtered(at, p.out_dtype, v);
}

// N: the network's width (0: radix selection, kMedian3x3: see above); Count: the window's size
// where it is fixed when compiling (0: any size up to N).
template <class T, int N, int Count = 0>
__global__ void __launch_bounds__(kTileX* kThreadsY) tiled_rank_kernel(const __grid_constant__ TiledRank<T> p) {
  using K = typename TiledRank<T>::K;
  extern __shared__ __align__(16) unsigned char shared_bytes[];
  K* tile = reinterpret_cast<K*>(shared_bytes);
  const int tx = static_cast<int>(threadIdx.x), ty = static_cast<int>(threadIdx.y);
  const int slices = kTileY / p.rows_y;  // output depth slices per tile
  const std::int64_t x0 = static_cast<std::int64_t>(blockIdx.x) * kTileX;
  const std::int64_t y0 = static_cast<std::int64_t>(blockIdx.y % p.tiles_y) * p.rows_y;
  const std::int64_t z0 = static_cast<std::int64_t>(blockIdx.y / p.tiles_y) * slices;
  for (std::int64_t image = blockIdx.z; image < p.images; image += gridDim.z) {
    const std::int64_t in_img = p.lead_in.offset(image), out_img = p.lead_out.offset(image);
    __syncthreads();  // the previous image's tile is no longer read
    // Row by row: the boundary mode maps z and y once per tile row, x once per value (a compare
    // inside the image); a warp reads consecutive columns.
    for (int rr = ty; rr < p.tile_d * p.tile_h; rr += kThreadsY) {
      const int depth = rr / p.tile_h, row = rr - depth * p.tile_h;
      const std::int64_t z = kernels::extend_index(z0 + p.zmin + depth, p.nz, p.mode);
      const std::int64_t y = kernels::extend_index(y0 + p.ymin + row, p.ny, p.mode);
      K* dst = tile + rr * p.tile_w;
      if (z < 0 || y < 0) {
        for (int col = tx; col < p.tile_w; col += kTileX) dst[col] = p.cval;
        continue;
      }
      const T* src = p.in + in_img + z * p.in_sz + y * p.in_sy;
      for (int col = tx; col < p.tile_w; col += kTileX) {
        const std::int64_t x = kernels::extend_index(x0 + p.xmin + col, p.nx, p.mode);
        dst[col] = x < 0 ? p.cval : TiledRank<T>::Key::key(src[x * p.in_sx]);
      }
    }
    __syncthreads();
    if constexpr (N == kMedian3x3) {
      using R = std::conditional_t<(sizeof(K) < 4), std::uint32_t, K>;
      const int ly0 = ty * kRowsPerThread;  // this thread's first output row in the tile
      R lo[kRowsPerThread + 2], mid[kRowsPerThread + 2], hi[kRowsPerThread + 2];
#pragma unroll
      for (int r = 0; r < kRowsPerThread + 2; ++r) {
        const K* row = tile + (ly0 + r) * p.tile_w + tx;
        lo[r] = row[0];
        mid[r] = row[1];
        hi[r] = row[2];
        sort3(lo[r], mid[r], hi[r]);
      }
#pragma unroll
      for (int j = 0; j < kRowsPerThread; ++j) {
        const std::int64_t y = y0 + ly0 + j, x = x0 + tx;  // one depth slice: z0 = 0
        if (y >= p.ny || x >= p.nx) continue;
        const R k = median3(max(max(lo[j], lo[j + 1]), lo[j + 2]), median3(mid[j], mid[j + 1], mid[j + 2]),
                            min(min(hi[j], hi[j + 1]), hi[j + 2]));
        store_result(p, out_img + y * p.out_sy + x * p.out_sx, TiledRank<T>::Key::value(K(k)));
      }
    } else {
#pragma unroll 1
      for (int j = 0; j < kRowsPerThread; ++j) {
        const int ly = ty + j * kThreadsY, dz = ly / p.rows_y, dy = ly - dz * p.rows_y;
        const std::int64_t z = z0 + dz, y = y0 + dy, x = x0 + tx;
        if (z >= p.nz || y >= p.ny || x >= p.nx) continue;
        const K* at = tile + (dz * p.tile_h + dy) * p.tile_w + tx;
        const auto get = [&](int f) { return at[p.tile_offsets[f]]; };
        K k;
        if constexpr (N > 0) k = network_select<N, K, decltype(get), Count>(p.count, p.rank, get);
        else k = radix_select<K>(p.count, p.rank, get);
        store_result(p, out_img + z * p.out_sz + y * p.out_sy + x * p.out_sx, TiledRank<T>::Key::value(k));
      }
    }
  }
}

// The 3x3 median of 1-byte data, four neighbouring outputs per 32-bit word: the same method as
// above on pairs of 16-bit lanes with three-way min/max, each thread 4 columns x 4 rows (byte-wise
// __vminu4/__vmaxu4 are emulated on Hopper: 67 instructions per pixel, measured). Tile
// byte 0 is the column 3 before the first the window reads, so that with the usual origin the
// tile's words are aligned words of the image: interior rows load a word at a time. Few rows per
// thread and at most 32 registers (8 blocks per SM) measured best on the H100 (4K: 35 µs, against
// 40-45 µs with 8 rows and 48 µs with 16): more warps in flight beat sorting fewer rows twice.
constexpr int kBytesRowsPerThread = 4, kBytesTileY = kThreadsY * kBytesRowsPerThread;

template <class T>
__global__ void __launch_bounds__(kTileX* kThreadsY, 8) median3x3_bytes_kernel(const __grid_constant__ TiledRank<T> p) {
  static_assert(sizeof(T) == 1);
  constexpr std::uint32_t kFlip = std::is_signed_v<T> ? 0x80808080u : 0u;  // int8 to order keys and back
  constexpr int kWords = kTileX + 2, kCols = 4 * kWords, kRows = kBytesTileY + 2;
  __shared__ std::uint32_t tile[kRows * kWords];
  auto* bytes = reinterpret_cast<std::uint8_t*>(tile);
  const int tx = static_cast<int>(threadIdx.x), ty = static_cast<int>(threadIdx.y);
  const std::int64_t x0 = static_cast<std::int64_t>(blockIdx.x) * 4 * kTileX;
  const std::int64_t y0 = static_cast<std::int64_t>(blockIdx.y) * kBytesTileY;
  const std::int64_t g0 = x0 + p.xmin - 3;  // the image column of tile byte 0
  const std::uint32_t cval4 = 0x01010101u * p.cval;
  for (std::int64_t image = blockIdx.z; image < p.images; image += gridDim.z) {
    const std::int64_t in_img = p.lead_in.offset(image), out_img = p.lead_out.offset(image);
    const bool words = g0 >= 0 && g0 + kCols <= p.nx && g0 % 4 == 0 && p.in_sx == 1 && p.in_sy % 4 == 0 &&
                       reinterpret_cast<std::uintptr_t>(p.in + in_img) % 4 == 0;
    // Words: every load of the thread is issued before the first store, so that they wait out
    // one memory latency together rather than one each.
    constexpr int kRowSteps = (kRows + kThreadsY - 1) / kThreadsY, kWordSteps = (kWords + kTileX - 1) / kTileX;
    std::uint32_t staged[kRowSteps][kWordSteps];
    if (words) {
#pragma unroll
      for (int i = 0; i < kRowSteps; ++i) {
        const int row = ty + i * kThreadsY;
        const std::int64_t y = row < kRows ? kernels::extend_index(y0 + p.ymin + row, p.ny, p.mode) : -1;
        const auto* src = reinterpret_cast<const std::uint32_t*>(p.in + in_img + (y < 0 ? 0 : y) * p.in_sy + g0);
#pragma unroll
        for (int k = 0; k < kWordSteps; ++k) {
          const int w = tx + k * kTileX;
          staged[i][k] = y < 0 || w >= kWords ? cval4 : src[w] ^ kFlip;
        }
      }
    }
    __syncthreads();  // the previous image's tile is no longer read
    for (int row = ty, i = 0; row < kRows; row += kThreadsY, ++i) {
      std::uint32_t* dst = tile + row * kWords;
      if (words) {
#pragma unroll
        for (int k = 0; k < kWordSteps; ++k)
          if (tx + k * kTileX < kWords) dst[tx + k * kTileX] = staged[i][k];
        continue;
      }
      const std::int64_t y = kernels::extend_index(y0 + p.ymin + row, p.ny, p.mode);
      if (y < 0) {
        for (int w = tx; w < kWords; w += kTileX) dst[w] = cval4;
        continue;
      }
      const T* src = p.in + in_img + y * p.in_sy;
      for (int c = tx; c < kCols; c += kTileX) {
        const std::int64_t x = kernels::extend_index(g0 + c, p.nx, p.mode);
        bytes[row * kCols + c] = x < 0 ? p.cval : TiledRank<T>::Key::key(src[x * p.in_sx]);
      }
    }
    __syncthreads();
    // Each word's four bytes as two pairs of 16-bit lanes (bytes 0 and 2, bytes 1 and 3), for
    // Hopper's three-way min/max (DPX); the middle of three is their sum less the least and the
    // greatest (lanes hold at most 3 * 255: no carry crosses a lane).
    // Rows are sorted and outputs made in one unrolled sweep, so that only three sorted rows are
    // live at a time.
    const int ly0 = ty * kBytesRowsPerThread;
    const std::int64_t x = x0 + 4 * tx;
    // 1-byte output: offsets are bytes. Whole words where the rows allow.
    char* const out_row0 = p.out + out_img + (y0 + ly0) * p.out_sy + x * p.out_sx;
    const bool word_stores = p.out_sx == 1 && x + 3 < p.nx && p.out_sy % 4 == 0 &&
                             reinterpret_cast<std::uintptr_t>(out_row0) % 4 == 0;
    std::uint32_t lo[2][kBytesRowsPerThread + 2], mid[2][kBytesRowsPerThread + 2], hi[2][kBytesRowsPerThread + 2];
    const auto med3 = [](std::uint32_t a, std::uint32_t b, std::uint32_t c) {
      return a + b + c - __vimin3_u16x2(a, b, c) - __vimax3_u16x2(a, b, c);
    };
#pragma unroll
    for (int j = 0; j < kBytesRowsPerThread + 2; ++j) {
      const std::uint32_t* row = tile + (ly0 + j) * kWords + tx;
      const std::uint32_t w1 = row[1];
      // Columns x-1, x, x+1 of the thread's four outputs x.
      const std::uint32_t a = __byte_perm(row[0], w1, 0x6543), b = w1, c = __byte_perm(w1, row[2], 0x4321);
#pragma unroll
      for (int half = 0; half < 2; ++half) {
        const unsigned split = half == 0 ? 0x4240u : 0x4341u;
        const std::uint32_t ah = __byte_perm(a, 0, split), bh = __byte_perm(b, 0, split), ch = __byte_perm(c, 0, split);
        lo[half][j] = __vimin3_u16x2(ah, bh, ch);
        hi[half][j] = __vimax3_u16x2(ah, bh, ch);
        mid[half][j] = ah + bh + ch - lo[half][j] - hi[half][j];
      }
      if (j < 2) continue;
      const int o = j - 2;  // the output row rows o..j make
      const std::int64_t y = y0 + ly0 + o;
      if (y >= p.ny || x >= p.nx) continue;
      std::uint32_t m[2];
#pragma unroll
      for (int half = 0; half < 2; ++half)
        m[half] = med3(__vimax3_u16x2(lo[half][o], lo[half][o + 1], lo[half][j]),
                       med3(mid[half][o], mid[half][o + 1], mid[half][j]),
                       __vimin3_u16x2(hi[half][o], hi[half][o + 1], hi[half][j]));
      const std::uint32_t k = __byte_perm(m[0], m[1], 0x6240) ^ kFlip;  // the pairs back into four bytes
      char* at = out_row0 + o * p.out_sy;
      if (word_stores) {
        *reinterpret_cast<std::uint32_t*>(at) = k;
      } else {
        for (int b = 0; b < 4 && x + b < p.nx; ++b) at[b * p.out_sx] = static_cast<char>(k >> (8 * b));
      }
    }
  }
}

}  // namespace

template <>
struct RankLaunch<backends::Cuda> {
  static constexpr int kHistogramStrip = 32;
  static constexpr int kHistogramFrom = 17;

  template <class T>
  static bool tiled(const RankWindow<T>& w, const Footprint& fp, const NDArray& in, const NDArray& out) {
    using K = typename TiledRank<T>::K;
    const int nd = in.ndim();
    auto lo = [&](int d) { return d < 0 ? 0 : static_cast<int>(fp.min_offset[static_cast<std::size_t>(d)]); };
    auto hi = [&](int d) { return d < 0 ? 0 : static_cast<int>(fp.max_offset[static_cast<std::size_t>(d)]); };
    // Tiled axes: the last two, and the one before where the window reaches into it (a 3-D tile
    // of 4 slices x 8 rows x 32 columns); the window must not reach into any axis before those.
    const bool deep = nd >= 3 && (lo(nd - 3) != 0 || hi(nd - 3) != 0);
    const int tiled = deep ? 3 : 2;
    for (int d = 0; d + tiled < nd; ++d)
      if (lo(d) != 0 || hi(d) != 0) return false;
    const int az = deep ? nd - 3 : -1, ay = nd - 2, ax = nd - 1;  // ay < 0: a 1-D input, one row
    const int rows_y = deep ? 8 : kTileY, slices = kTileY / rows_y;
    const int tile_d = slices + hi(az) - lo(az), tile_h = rows_y + hi(ay) - lo(ay), tile_w = kTileX + hi(ax) - lo(ax);
    const std::size_t shared = static_cast<std::size_t>(tile_d) * static_cast<std::size_t>(tile_h) *
                               static_cast<std::size_t>(tile_w) * sizeof(K);
    auto extent = [&](const NDArray& a, int d) { return d < 0 ? std::int64_t{1} : a.shape(d); };
    auto stride = [&](const NDArray& a, int d) { return d < 0 ? std::int64_t{0} : a.strides()[static_cast<std::size_t>(d)]; };
    const std::int64_t nz = extent(in, az), ny = extent(in, ay), nx = extent(in, ax);
    const std::int64_t tiles_y = (ny + rows_y - 1) / rows_y, tiles_z = (nz + slices - 1) / slices;
    if (w.count > kMaxTiledCount || shared > kMaxTileBytes || tiles_y * tiles_z > 65535 ||
        (nx + kTileX - 1) / kTileX > INT32_MAX)
      return false;

    TiledRank<T> p{w.in, w.out, w.out_dtype, w.out_item, nz, ny, nx, stride(in, az), stride(in, ay), stride(in, ax),
                    stride(out, az), stride(out, ay), stride(out, ax), {}, {}, 1, rows_y, tiles_y, lo(az), lo(ay),
                    lo(ax), tile_d, tile_h, tile_w, w.count, w.rank, w.mode, OrderedKey<T>::key(w.cval), {}};
    for (int f = 0; f < w.count; ++f) {
      const std::int32_t* o = &fp.offsets[static_cast<std::size_t>(f) * static_cast<std::size_t>(nd)];
      const int dz = az < 0 ? 0 : o[az] - lo(az), dy = ay < 0 ? 0 : o[ay] - lo(ay);
      p.tile_offsets[f] = (dz * tile_h + dy) * tile_w + o[ax] - lo(ax);
    }
    p.lead_in.ndim = p.lead_out.ndim = std::max(nd - tiled, 0);
    for (int d = 0; d + tiled < nd; ++d) {
      p.lead_in.shape[d] = p.lead_out.shape[d] = in.shape(d);
      p.lead_in.strides[d] = in.strides()[static_cast<std::size_t>(d)];
      p.lead_out.strides[d] = out.strides()[static_cast<std::size_t>(d)];
      p.images *= in.shape(d);
    }
    const dim3 block(kTileX, kThreadsY);
    const dim3 grid(static_cast<unsigned>((nx + kTileX - 1) / kTileX), static_cast<unsigned>(tiles_y * tiles_z),
                    static_cast<unsigned>(std::min<std::int64_t>(p.images, 65535)));
    auto launch = [&](auto kernel) {
      kernel<<<grid, block, shared, backends::current_cuda_stream()>>>(p);
      CUPIX_CUDA_CHECK(cudaGetLastError());
    };
    // The 3x3 median has its own kernel; 3x3, 5x5 and 3x3x3 windows, the commonest, get networks
    // pruned for exactly 9, 25 and 27 values.
    if (!deep && w.count == 9 && w.rank == 4 && ay >= 0 && hi(ay) - lo(ay) == 2 && hi(ax) - lo(ax) == 2) {
      if constexpr (sizeof(T) == 1) {
        if (w.out_dtype == dtype_v<T>) {
          const dim3 words_grid(static_cast<unsigned>((nx + 4 * kTileX - 1) / (4 * kTileX)),
                                static_cast<unsigned>((ny + kBytesTileY - 1) / kBytesTileY), grid.z);
          median3x3_bytes_kernel<T><<<words_grid, block, 0, backends::current_cuda_stream()>>>(p);
          CUPIX_CUDA_CHECK(cudaGetLastError());
          return true;
        }
      }
      return launch(tiled_rank_kernel<T, kMedian3x3>), true;
    }
    if (w.count == 9) return launch(tiled_rank_kernel<T, 16, 9>), true;
    if (w.count <= 16) return launch(tiled_rank_kernel<T, 16>), true;
    if (w.count == 25) return launch(tiled_rank_kernel<T, 32, 25>), true;
    if (w.count == 27) return launch(tiled_rank_kernel<T, 32, 27>), true;
    if (w.count <= 32) return launch(tiled_rank_kernel<T, 32>), true;
    if constexpr (sizeof(K) <= 4) {
      if (w.count <= 64) return launch(tiled_rank_kernel<T, 64>), true;
    }
    launch(tiled_rank_kernel<T, 0>);
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
