#include <cub/device/device_scan.cuh>

#include "backends/cuda/launch.cuh"
#include "label_impl.hpp"

namespace cupix::ndimage::detail {

namespace {

// Each point its own tree (its index) or the background (-1).
template <class T, class I>
struct LabelInit {
  const T* input;
  kernels::Layout layout;
  I* parent;
  __device__ void operator()(std::int64_t i) const {
    // i | 0 for foreground, i | -1 = -1 for background.
    parent[i] = static_cast<I>(i) | -static_cast<I>(input[layout.offset(i)] == T(0));
  }
};

// Arrays of two or three axes are first labelled tile by tile in shared memory (block-local
// union-find, as in Allegretti et al., 2019), each tile point then pointing at its tile root in
// global memory; only steps between tiles go through the global atomic union. 2-D arrays are seen
// as 1 x H x W.
struct TileSteps {
  int count;
  signed char dz[13], dy[13], dx[13];  // the earlier neighbours: at most 13 in 3-D
  unsigned short covers[13];           // as LabelNeighbors' covers
};

constexpr int kTileThreads = 256;

template <int TZ, int TY, int TX>
struct Tile {
  static constexpr int kPoints = TZ * TY * TX;
  __device__ static int local(int lz, int ly, int lx) { return (lz * TY + ly) * TX + lx; }
};

// The root of x in the tile, halving the path on the way (as find_and_halve does globally).
__device__ inline int find_shared(int* s, int x) {
  volatile int* v = s;
  for (int p = v[x]; p != x;) {
    const int g = v[p];
    if (g != p) v[x] = g;
    x = p;
    p = g;
  }
  return x;
}

__device__ inline void unite_shared(int* s, int a, int b) {
  for (;;) {
    a = find_shared(s, a);
    b = find_shared(s, b);
    if (a == b) return;
    if (a < b) {
      const int t = a;
      a = b;
      b = t;
    }
    const int old = atomicMin(s + a, b);
    if (old == a) return;
    a = old;
  }
}

// Tile roots are also listed (roots[0 .. *count)), so that after the borders they alone can be
// pointed at their final roots, leaving every other point a walk of a step or two.
template <class I, int TZ, int TY, int TX>
__global__ void __launch_bounds__(kTileThreads) label_tiles(I* parent, I depth, I height, I width, TileSteps steps,
                                                            I* roots, unsigned long long* count) {
  using T = Tile<TZ, TY, TX>;
  __shared__ int s[T::kPoints];
  __shared__ TileSteps st;  // indexed at run time: from shared memory, not a local copy of the parameter
  if (threadIdx.x == 0) st = steps;
  const I z0 = static_cast<I>(blockIdx.z) * TZ, y0 = static_cast<I>(blockIdx.y) * TY, x0 = static_cast<I>(blockIdx.x) * TX;
  auto global = [&](int k) {
    const int lz = k / (TY * TX), ly = (k / TX) % TY, lx = k % TX;
    const I z = z0 + lz, y = y0 + ly, x = x0 + lx;
    return (z < depth && y < height && x < width) ? (z * height + y) * width + x : I(-1);
  };
  for (int k = threadIdx.x; k < T::kPoints; k += kTileThreads) {
    const I g = global(k);
    s[k] = g >= 0 && parent[g] >= 0 ? k : -1;
  }
  __syncthreads();
  for (int k = threadIdx.x; k < T::kPoints; k += kTileThreads) {
    if (s[k] < 0) continue;
    const int lz = k / (TY * TX), ly = (k / TX) % TY, lx = k % TX;
    unsigned united = 0;
    for (int j = 0; j < st.count; ++j) {
      if (st.covers[j] & united) continue;  // first: inside blobs most steps end here
      const int nz = lz + st.dz[j], ny = ly + st.dy[j], nx = lx + st.dx[j];
      if (nz < 0 || ny < 0 || nx < 0 || ny >= TY || nx >= TX) continue;  // outside the tile
      const int nk = T::local(nz, ny, nx);
      if (*reinterpret_cast<volatile int*>(s + nk) < 0) continue;
      unite_shared(s, k, nk);
      united |= 1u << j;
    }
  }
  __syncthreads();
  // Every lane takes part in each round (kPoints is a multiple of the block), so that a warp's
  // roots take one atomic on the global count.
  static_assert(T::kPoints % kTileThreads == 0);
  const int lane = threadIdx.x % 32;
  for (int k = threadIdx.x; k < T::kPoints; k += kTileThreads) {
    int root = -1;
    if (s[k] >= 0) {
      root = find_shared(s, k);
      parent[global(k)] = global(root);
    }
    const unsigned mask = __ballot_sync(0xffffffffu, root == k);
    if (mask == 0) continue;
    const int leader = __ffs(static_cast<int>(mask)) - 1;
    unsigned long long base = 0;
    if (lane == leader) base = atomicAdd(count, static_cast<unsigned long long>(__popc(mask)));
    base = __shfl_sync(0xffffffffu, base, leader);
    if (root == k) roots[base + static_cast<unsigned>(__popc(mask & ((1u << lane) - 1u)))] = global(k);
  }
}

template <class I>
struct FlattenTileRoots {
  I* parent;
  const I* roots;
  const unsigned long long* count;
  __device__ void operator()(std::int64_t k) const {
    if (static_cast<unsigned long long>(k) < *count) parent[roots[k]] = find_and_halve(parent, roots[k]);
  }
};

// The steps between tiles: from each point on a tile's first face along any axis (or its last
// column, for steps forward along x), to its earlier neighbours in other tiles. A block per tile,
// like label_tiles: local coordinates come from shifts, and only the faces' points reach memory.
template <class I, int TZ, int TY, int TX>
__global__ void __launch_bounds__(kTileThreads) tile_borders(I* parent, I depth, I height, I width, TileSteps steps) {
  using T = Tile<TZ, TY, TX>;
  __shared__ TileSteps st;  // indexed at run time: from shared memory, not a local copy of the parameter
  if (threadIdx.x == 0) st = steps;
  __syncthreads();
  const I z0 = static_cast<I>(blockIdx.z) * TZ, y0 = static_cast<I>(blockIdx.y) * TY, x0 = static_cast<I>(blockIdx.x) * TX;
  for (int k = threadIdx.x; k < T::kPoints; k += kTileThreads) {
    const int lz = k / (TY * TX), ly = (k / TX) % TY, lx = k % TX;
    // Every earlier neighbour lies in the tile (a step back along z may go forward along y).
    if ((TZ == 1 || (lz > 0 && ly < TY - 1)) && ly > 0 && lx > 0 && lx < TX - 1) continue;
    const I z = z0 + lz, y = y0 + ly, x = x0 + lx;
    if (z >= depth || y >= height || x >= width) continue;
    const I i = (z * height + y) * width + x;
    if (parent[i] < 0) continue;
    I last = -1;  // the parent of the neighbour united last: neighbours of one tile root mostly share it
    unsigned united = 0;
    for (int j = 0; j < st.count; ++j) {
      const int nz = lz + st.dz[j], ny = ly + st.dy[j], nx = lx + st.dx[j];
      if (nz >= 0 && ny >= 0 && nx >= 0 && ny < TY && nx < TX) continue;  // united in the tile
      if (st.covers[j] & united) continue;
      const I gz = z + st.dz[j], gy = y + st.dy[j], gx = x + st.dx[j];
      if (gz < 0 || gy < 0 || gx < 0 || gy >= height || gx >= width) continue;
      const I g = (gz * height + gy) * width + gx, pg = load(parent + g);
      if (pg < 0) continue;
      united |= 1u << j;
      if (pg == last) continue;
      unite(parent, i, g);
      last = pg;
    }
  }
}

template <class I, int TZ, int TY, int TX>
void merge_tiles(I* parent, I n, I depth, I height, I width, const TileSteps& steps, Device device) {
  const dim3 grid(static_cast<unsigned>((width + TX - 1) / TX), static_cast<unsigned>((height + TY - 1) / TY),
                  static_cast<unsigned>((depth + TZ - 1) / TZ));
  const cudaStream_t stream = backends::current_cuda_stream();
  NDArray roots = NDArray::empty(Shape{std::int64_t{n} + 1}, DType::int64, device);  // the count, then the roots
  auto* count = reinterpret_cast<unsigned long long*>(roots.data());
  I* list = reinterpret_cast<I*>(count + 1);
  CUPIX_CUDA_CHECK(cudaMemsetAsync(count, 0, sizeof(*count), stream));
  label_tiles<I, TZ, TY, TX><<<grid, kTileThreads, 0, stream>>>(parent, depth, height, width, steps, list, count);
  CUPIX_CUDA_CHECK(cudaGetLastError());
  tile_borders<I, TZ, TY, TX><<<grid, kTileThreads, 0, stream>>>(parent, depth, height, width, steps);
  CUPIX_CUDA_CHECK(cudaGetLastError());
  backends::Cuda::parallel_for(n, FlattenTileRoots<I>{parent, list, count});
}

template <class I>
void merge_trees_cuda(I* parent, I n, const Shape& shape, const LabelNeighbors& nb, Device device) {
  if (nb.count == 0) return;
  const int nd = static_cast<int>(shape.size());
  if ((nd == 2 || nd == 3) && shape[static_cast<std::size_t>(nd - 2)] <= 65535 * 16 &&
      (nd == 2 || shape[0] <= 65535 * 8)) {  // grid dimensions y and z
    TileSteps steps{nb.count, {}, {}, {}, {}};
    for (int j = 0; j < nb.count; ++j) {
      steps.covers[j] = static_cast<unsigned short>(nb.host[static_cast<std::size_t>(2 * nb.count + j)]);
      const auto c = static_cast<std::uint32_t>(nb.host[static_cast<std::size_t>(nb.count + j)]);
      auto delta = [&](int d) { return static_cast<signed char>(d < 0 ? 0 : (c >> (2 * d) & 1u) ? -1 : (c >> (2 * d + 1) & 1u) ? 1 : 0); };
      steps.dz[j] = nd == 3 ? delta(0) : 0;
      steps.dy[j] = delta(nd - 2);
      steps.dx[j] = delta(nd - 1);
    }
    const I depth = nd == 3 ? static_cast<I>(shape[0]) : 1;
    const I height = static_cast<I>(shape[static_cast<std::size_t>(nd - 2)]), width = static_cast<I>(shape.back());
    if (nd == 3) merge_tiles<I, 8, 16, 32>(parent, n, depth, height, width, steps, device);
    else merge_tiles<I, 1, 64, 64>(parent, n, depth, height, width, steps, device);
    return;
  }
  RowEdges<I> rows{nd - 1, {}};
  for (int d = 0; d < nd - 1; ++d) rows.shape[d] = static_cast<I>(shape[static_cast<std::size_t>(d)]);
  const I n_last = static_cast<I>(shape.back());
  backends::Cuda::parallel_for(n, LabelMerge<I>{parent, rows, n_last, nb.table.data_as<std::int64_t>(), nb.count});
}

// Points each foreground point at its root and flags the roots.
template <class I>
struct FlattenAndFlag {
  I* parent;
  I* rank;
  __device__ void operator()(std::int64_t index) const {
    const I i = static_cast<I>(index);
    I flag = 0;
    if (parent[i] >= 0) {
      const I root = find_root(parent, i);  // tile roots point at their roots: a step or two
      parent[i] = root;
      flag = root == i;
    }
    rank[i] = flag;
  }
};

template <class I>
struct RootNumber {
  I* parent;
  const I* rank;
  __device__ void operator()(std::int64_t i) const {
    if (parent[i] == static_cast<I>(i)) parent[i] = -(rank[i] + 2);
  }
};

// Flat trees, a prefix sum of root flags (CUB), then each root takes its number.
template <class I>
I number_roots_cuda(I* parent, I n, Device device) {
  NDArray rank_array = NDArray::empty(Shape{std::int64_t{n}}, dtype_v<I>, device);
  I* rank = rank_array.data_as<I>();
  backends::Cuda::parallel_for(n, FlattenAndFlag<I>{parent, rank});
  const cudaStream_t stream = backends::current_cuda_stream();
  std::size_t bytes = 0;
  CUPIX_CUDA_CHECK(cub::DeviceScan::ExclusiveSum(nullptr, bytes, rank, rank, n, stream));
  NDArray temp = NDArray::empty({static_cast<std::int64_t>(bytes)}, DType::uint8, device);
  CUPIX_CUDA_CHECK(cub::DeviceScan::ExclusiveSum(temp.data(), bytes, rank, rank, n, stream));
  backends::Cuda::parallel_for(n, RootNumber<I>{parent, rank});
  I last[2];  // the last point's parent and rank
  CUPIX_CUDA_CHECK(cudaMemcpyAsync(&last[0], parent + n - 1, sizeof(I), cudaMemcpyDeviceToHost, stream));
  CUPIX_CUDA_CHECK(cudaMemcpyAsync(&last[1], rank + n - 1, sizeof(I), cudaMemcpyDeviceToHost, stream));
  CUPIX_CUDA_CHECK(cudaStreamSynchronize(stream));
  return last[1] + (last[0] <= -2);
}


template <class I>
Components label_components_cuda(const NDArray& input, I* lab, I n, const LabelNeighbors& nb) {
  dispatch<AllTypes>(input.dtype(), "label", [&]<class T>(TypeTag<T>) {
    backends::Cuda::parallel_for(n, LabelInit<T, I>{input.data_as<T>(), kernels::flat_layout_of(input), lab});
  });
  merge_trees_cuda(lab, n, input.shape(), nb, input.device());
  return {NDArray{}, number_roots_cuda(lab, n, input.device())};
}

}  // namespace

template <>
Components label_components<backends::Cuda, std::int32_t>(const NDArray& input, std::int32_t* lab, std::int32_t n,
                                                         const LabelNeighbors& nb) {
  return label_components_cuda(input, lab, n, nb);
}
template <>
Components label_components<backends::Cuda, std::int64_t>(const NDArray& input, std::int64_t* lab, std::int64_t n,
                                                         const LabelNeighbors& nb) {
  return label_components_cuda(input, lab, n, nb);
}

template std::int64_t label_run<backends::Cuda>(const NDArray&, const LabelNeighbors&, const NDArray&);

}  // namespace cupix::ndimage::detail
