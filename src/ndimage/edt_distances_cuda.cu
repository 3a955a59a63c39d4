// distance_transform_edt's distances alone on the GPU (no indices asked for): squared distances
// carried from axis to axis, with no feature array. The first pass takes the last axis, a warp
// per line (the nearest zero on each side, found by warp scans). Every further axis of up to
// kSearchMax points takes a search pruned by distance (search_kernel, a warp per line); longer
// ones run Felzenszwalb & Huttenlocher's lower envelope, one thread per line, L neighbouring lines per
// block (their reads coalesce), each line's envelope stack in shared memory: the generic engine
// keeps its stacks in device memory and, on a 4K image, has only 3840 lines for the whole GPU,
// each step a round trip to memory. Squared distances are uint32 where every spacing is 1 and
// they fit (exact, half the traffic), else float64. The passes run in place; the last writes
// the distances.
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "backends/cuda/launch.cuh"
#include "cupix/core/dispatch.hpp"
#include "edt.hpp"
#include "kernels/hd.hpp"
#include "warp_scan.cuh"

namespace cupix::ndimage::detail {

namespace {

constexpr std::size_t kStackBytes = 48 * 1024;  // shared memory per block, below the opt-in limit
constexpr int kAhead = 8;                       // heights read ahead per envelope thread

template <class H>
__host__ __device__ constexpr H none() {  // no zero reached yet
  if constexpr (std::is_same_v<H, double>)
    return std::numeric_limits<double>::infinity();
  else
    return std::numeric_limits<H>::max();
}

// A site of a line's lower envelope: its position and squared distance so far.
template <class H>
struct Site {
  H h;
  std::uint32_t q;
};

// SciPy's distance where the input has no zero: measured to (-1, 0, ..., 0).
struct NoZero {
  int ndim;
  std::int64_t shape[kMaxDims];
  double sampling[kMaxDims];

  __device__ double distance(std::int64_t point) const {
    double d2 = 0;
    for (int d = ndim - 1; d >= 0; --d) {
      const std::int64_t c = point % shape[d];
      point /= shape[d];
      const double diff = (static_cast<double>(d == 0 ? -1 : 0) - static_cast<double>(c)) * sampling[d];
      d2 += diff * diff;
    }
    return ::sqrt(d2);
  }
};

// The last axis: each point's squared distance to the nearest zero of its line (lines of n
// contiguous points, a warp per line, lanes on 32 neighbouring points). Lines of up to
// kRowChunks * 32 points are read once, each chunk of 32 kept as a bit mask of its zeros (a
// ballot) in shared memory; walking the masks back, every point finds its nearest zero on
// either side by bit scans, and the distances are written in one coalesced pass. Longer lines
// take warp scans (nearest_zeros), which park the forward walk's result in `heights`.
constexpr int kRowChunks = 128;
constexpr int kRowBlock = 256;  // 8 lines per block

template <class H>
__device__ inline void put_row(H* heights, std::int64_t k, std::int64_t d, double s) {
  const double ds = static_cast<double>(d) * s;
  heights[k] = d == kNoZero ? none<H>() : static_cast<H>(ds * ds);
}

template <class T, class H>
__global__ void __launch_bounds__(kRowBlock)
    row_distances_kernel(const T* input, const __grid_constant__ kernels::Layout layout, bool contiguous,
                         std::int64_t n, std::int64_t lines, double s, H* heights) {
  __shared__ unsigned masks[kRowBlock / 32][kRowChunks];
  __shared__ int before[kRowBlock / 32][kRowChunks];  // the last zero before each chunk (-1: none)
  const int lane = static_cast<int>(threadIdx.x % 32), w = static_cast<int>(threadIdx.x / 32);
  const std::int64_t line = (static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x) / 32;
  if (line >= lines) return;  // whole warps leave together: blockDim is a multiple of 32
  const std::int64_t base = line * n;
  const auto is_zero = [&](std::int64_t k) {
    return (contiguous ? input[base + k] : input[layout.offset(base + k)]) == T(0);
  };
  if (n > 32 * kRowChunks) {
    nearest_zeros(
        n, is_zero, [&](std::int64_t k, std::int64_t prev) { heights[base + k] = static_cast<H>(prev + 1); },
        [&](std::int64_t k) { return static_cast<std::int64_t>(heights[base + k]) - 1; },
        [&](std::int64_t k, std::int64_t prev, std::int64_t next) {
          std::int64_t d = prev < 0 ? kNoZero : k - prev;
          if (next != kNoZero && next - k < d) d = next - k;
          put_row(heights, base + k, d, s);
        });
    return;
  }
  const int len = static_cast<int>(n), chunks = (len + 31) / 32;
  int last = -1;
#pragma unroll 4
  for (int c = 0; c < chunks; ++c) {
    const int k = c * 32 + lane;
    const unsigned m = __ballot_sync(kFullWarp, k < len && is_zero(k));
    if (lane == 0) {
      masks[w][c] = m;
      before[w][c] = last;
    }
    if (m) last = c * 32 + 31 - __clz(m);
  }
  __syncwarp();
  int after = -1;  // the first zero after the chunk (-1: none)
  for (int c = chunks - 1; c >= 0; --c) {
    const unsigned m = masks[w][c];
    const int k = c * 32 + lane;
    const unsigned below = m & (0xffffffffu >> (31 - lane)), above = m >> lane;  // bits 0..lane, lane..31
    const int prev = below ? c * 32 + 31 - __clz(below) : before[w][c];
    const int next = above ? k + __ffs(static_cast<int>(above)) - 1 : after;
    std::int64_t d = prev < 0 ? kNoZero : k - prev;
    if (next >= 0 && next - k < d) d = next - k;
    if (k < len) put_row(heights, base + k, d, s);
    if (m) after = c * 32 + __ffs(static_cast<int>(m)) - 1;
  }
}

// One further axis (length n, lines `inner` apart: the array seen as (outer, n, inner)).
template <class H>
struct EnvelopePass {
  H* heights;
  std::int64_t lines, n, inner;
  double s2;  // the axis spacing squared
  int qbits;  // bits of a position in packed stack entries
  bool root;  // packed entries hold the heights' square roots
  // The last pass writes the distances instead of heights.
  double* out;
  kernels::Layout out_l;
  bool out_contiguous;
  NoZero no_zero;
};

template <class H, bool Last>
__device__ inline void put(const EnvelopePass<H>& p, std::int64_t point, double h2) {
  if constexpr (Last) {
    const double d = h2 == std::numeric_limits<double>::infinity() ? p.no_zero.distance(point) : ::sqrt(h2);
    p.out[p.out_contiguous ? point : p.out_l.offset(point)] = d;
  } else {
    p.heights[point] = h2 == std::numeric_limits<double>::infinity() ? none<H>() : static_cast<H>(h2);
  }
}

// A line's envelope stack in shared memory, site k at entry k * L (L lines per block, each
// thread's entries interleaved, so that threads stepping together touch neighbouring banks).
// Packed: one 32-bit word per site, h << qbits | q, where the heights of this axis allow it
// (uint32 heights, h < 2^(32 - qbits)): half the shared memory of a (height, position) pair, so
// twice the lines per multiprocessor. A: the arithmetic, exact integers for uint32 heights.
// `root`: the first envelope pass packs the square root of each height (the heights are then
// squares of distances along the last axis), which needs fewer bits (a 4K image's columns pack).
template <class H, bool Packed>
struct Stack {
  using Entry = std::conditional_t<Packed, std::uint32_t, Site<H>>;
  using A = std::conditional_t<std::is_same_v<H, double>, double, std::int64_t>;
  Entry* entries;
  int L, qbits;
  bool root;

  __device__ void push(int k, H h, std::uint32_t q) const {
    if constexpr (Packed) {
      const std::uint32_t v = root ? __double2uint_rn(::sqrt(static_cast<double>(h))) : h;
      entries[k * L] = v << qbits | q;
    } else {
      entries[k * L] = Site<H>{h, q};
    }
  }
  __device__ void get(int k, A& q, A& h) const {
    const Entry e = entries[k * L];
    if constexpr (Packed) {
      q = static_cast<A>(e & ((1u << qbits) - 1u));
      const A v = static_cast<A>(e >> qbits);
      h = root ? v * v : v;
    } else {
      q = static_cast<A>(e.q);
      h = static_cast<A>(e.h);
    }
  }
};

// Thread l of a block takes line g * L + l (L = blockDim.x). The sites' functions are
// h + s2 (x - q)^2; site k covers x from its boundary with site k - 1,
// (key_k - key_{k-1}) / (2 s2 (q_k - q_{k-1})) with key = h + s2 q^2, compared multiplied out
// (both denominators are positive), so no step divides.
template <class H, bool Packed, bool Last>
__global__ void envelope_kernel(const __grid_constant__ EnvelopePass<H> p) {
  using A = typename Stack<H, Packed>::A;
  extern __shared__ __align__(16) unsigned char shared_bytes[];
  const int L = static_cast<int>(blockDim.x), l = static_cast<int>(threadIdx.x);
  const Stack<H, Packed> stack{reinterpret_cast<typename Stack<H, Packed>::Entry*>(shared_bytes) + l, L, p.qbits,
                               p.root};
  const A s2 = static_cast<A>(p.s2);  // 1 for uint32 heights
  const double inf = std::numeric_limits<double>::infinity();
  const std::int64_t groups = (p.lines + L - 1) / L;
  for (std::int64_t g = blockIdx.x; g < groups; g += gridDim.x) {
    const std::int64_t line = g * L + l;
    if (line >= p.lines) return;  // the last group: no further group for this thread either
    const std::int64_t outer = line / p.inner, base = outer * p.n * p.inner + (line - outer * p.inner);
    const H* column = p.heights + base;
    if (s2 == 0) {  // steps along this axis cost nothing: every point takes the line's least
      double least = inf;
      for (std::int64_t q = 0; q < p.n; ++q) {
        const H h = column[q * p.inner];
        if (h != none<H>() && static_cast<double>(h) < least) least = static_cast<double>(h);
      }
      for (std::int64_t x = 0; x < p.n; ++x) put<H, Last>(p, base + x * p.inner, least);
      continue;
    }
    // The envelope: top and the site below it in registers (position, height, key). Heights
    // are read kAhead at a time, so that a thread waits for memory once per kAhead points.
    int m = -1;
    A tq = 0, th = 0, tk = 0, pq = 0, ph = 0, pk = 0;
    for (std::int64_t q0 = 0; q0 < p.n; q0 += kAhead) {
      H ahead[kAhead];
#pragma unroll
      for (int j = 0; j < kAhead; ++j) ahead[j] = q0 + j < p.n ? column[(q0 + j) * p.inner] : none<H>();
#pragma unroll
      for (int j = 0; j < kAhead; ++j) {
        const H h = ahead[j];
        if (h == none<H>()) continue;
        const A dq = static_cast<A>(q0 + j), hq = static_cast<A>(h), kq = hq + s2 * dq * dq;
        // Pop the top while the new site's boundary with it lies at or before the top's own.
        while (m >= 1 && (kq - tk) * (tq - pq) <= (tk - pk) * (dq - tq)) {
          --m;
          tq = pq, th = ph, tk = pk;
          if (m >= 1) {
            stack.get(m - 1, pq, ph);
            pk = ph + s2 * pq * pq;
          }
        }
        ++m;
        stack.push(m, h, static_cast<std::uint32_t>(q0 + j));
        pq = tq, ph = th, pk = tk;
        tq = dq, th = hq, tk = kq;
      }
    }
    if (m < 0) {  // no zero reaches this line yet
      for (std::int64_t x = 0; x < p.n; ++x) put<H, Last>(p, base + x * p.inner, inf);
      continue;
    }
    // Each point takes the site whose range holds it: walk up while the next site's boundary
    // lies before x.
    int k = 0;
    A cq, ch, nq = 0, nh = 0, nk = 0;
    stack.get(0, cq, ch);
    A ck = ch + s2 * cq * cq;
    if (m >= 1) {
      stack.get(1, nq, nh);
      nk = nh + s2 * nq * nq;
    }
    for (std::int64_t x = 0; x < p.n; ++x) {
      const A dx = static_cast<A>(x);
      while (k < m && nk - ck < 2 * s2 * (nq - cq) * dx) {
        ++k;
        cq = nq, ch = nh, ck = nk;
        if (k < m) {
          stack.get(k + 1, nq, nh);
          nk = nh + s2 * nq * nq;
        }
      }
      const A d = dx - cq;
      put<H, Last>(p, base + x * p.inner, static_cast<double>(ch + s2 * d * d));
    }
  }
}

// Lines of up to kSearchMax points take a search instead of the envelope: each point looks at
// the sites ever further from it until the step alone costs more than the best found so far,
// min_q h(q) + s2 (x - q)^2, so that its work grows with its distance (in segmentation masks, a
// few steps). A warp per line, its lanes on neighbouring points, kSearchLines neighbouring lines
// per block, loaded and stored coalesced through shared memory: an SM holds all the warps it
// can, where the envelope's stacks allow it a tenth. A line without near zeros costs up to n
// steps per point, which kSearchMax bounds.
constexpr int kSearchLines = 8;
constexpr std::int64_t kSearchMax = 512;

// A line's stride in the search kernel's shared memory: odd, so that the lines a warp loads at
// one position lie in distinct banks.
constexpr std::int64_t search_pitch(std::int64_t n) { return n | 1; }

// Narrow: where every height plus the largest step stays below 2^31 (uint32 heights of short
// lines), 32-bit arithmetic; else int64 (uint32 heights) or float64.
template <class H, bool Narrow>
using SearchMath =
    std::conditional_t<std::is_same_v<H, double>, double, std::conditional_t<Narrow, std::uint32_t, std::int64_t>>;

template <class H, bool Last, bool Narrow>
__global__ void __launch_bounds__(kSearchLines * 32) search_kernel(const __grid_constant__ EnvelopePass<H> p) {
  using A = SearchMath<H, Narrow>;
  // Above any squared distance, and no overflow when a step is added.
  constexpr A kFar = std::is_same_v<H, double> ? A(std::numeric_limits<double>::infinity())
                     : Narrow                  ? A(0x7fffffffu)
                                               : A(std::int64_t{1} << 40);
  constexpr int kThreads = kSearchLines * 32, kRowsPerStep = kThreads / kSearchLines;
  extern __shared__ __align__(16) unsigned char shared_bytes[];
  const int n = static_cast<int>(p.n), pitch = static_cast<int>(search_pitch(p.n));
  H* heights = reinterpret_cast<H*>(shared_bytes);  // kSearchLines lines, `pitch` apart
  H* results = heights + kSearchLines * pitch;
  const int t = static_cast<int>(threadIdx.x), lane = t % 32, warp = t / 32;
  const int mine = t % kSearchLines;  // the line this thread loads and stores
  const A s2 = static_cast<A>(p.s2);  // 1 for uint32 heights
  const auto height = [](H h) {
    if constexpr (Narrow)
      return min(h, kFar);  // "none" is the largest uint32
    else
      return h == none<H>() ? kFar : static_cast<A>(h);
  };
  const std::int64_t groups = (p.lines + kSearchLines - 1) / kSearchLines, step_q = kRowsPerStep * p.inner;
  for (std::int64_t g = blockIdx.x; g < groups; g += gridDim.x) {
    const std::int64_t line = g * kSearchLines + mine;
    const bool valid = line < p.lines;
    const std::int64_t outer = line / p.inner, base = outer * p.n * p.inner + (line - outer * p.inner);
    __syncthreads();  // the previous group's results are stored
    const H* src = p.heights + base + (t / kSearchLines) * p.inner;
    for (int q = t / kSearchLines; q < n; q += kRowsPerStep, src += step_q)
      heights[mine * pitch + q] = valid ? *src : none<H>();
    __syncthreads();
    const H* from = heights + warp * pitch;
    for (int x = lane; x < n; x += 32) {
      A best = height(from[x]);
      for (int r = 1; r < n; ++r) {
        const A step = s2 * static_cast<A>(r * r);
        if (!(step < best)) break;  // every further site costs more
        if (x >= r) best = min(best, height(from[x - r]) + step);
        if (x + r < n) best = min(best, height(from[x + r]) + step);
      }
      results[warp * pitch + x] = best >= kFar ? none<H>() : static_cast<H>(best);
    }
    __syncthreads();
    if (!valid) continue;
    for (std::int64_t q = t / kSearchLines; q < n; q += kRowsPerStep) {
      const H h = results[mine * pitch + q];
      put<H, Last>(p, base + q * p.inner,
                   h == none<H>() ? std::numeric_limits<double>::infinity() : static_cast<double>(h));
    }
  }
}

template <class H>
bool run(const NDArray& input, const std::vector<double>& sampling, const NDArray& distances) {
  const int nd = input.ndim();
  // Per further axis: packed stack entries where the heights allow, and lines per block as many
  // as the stacks' shared memory allows, up to 32.
  struct Plan {
    bool search;  // the search kernel (short lines); else the envelope, by the fields below
    bool narrow;  // the search in 32-bit arithmetic: every squared distance so far below 2^31
    int lanes, qbits;
    bool packed, root;
    std::size_t entry;
  };
  std::vector<Plan> plans(static_cast<std::size_t>(nd));
  double before = 0;  // the largest squared distance the axes after d can give
  for (int d = nd - 1; d >= 0; --d) {
    const auto n = static_cast<std::size_t>(input.shape(d));
    Plan& plan = plans[static_cast<std::size_t>(d)];
    plan.qbits = 1;
    while ((std::size_t{1} << plan.qbits) < n) ++plan.qbits;
    // Right after the last axis' pass the heights are squares: where they do not pack, their
    // roots (below that axis' length) may, at the cost of a square root per site.
    const auto fits = [&](double largest) {
      return std::is_same_v<H, std::uint32_t> && plan.qbits <= 16 &&
             largest < static_cast<double>(std::uint64_t{1} << (32 - plan.qbits));
    };
    plan.root = d == nd - 2 && !fits(before) && fits(static_cast<double>(input.shape(nd - 1)));
    plan.packed = plan.root || fits(before);
    plan.entry = plan.packed ? sizeof(std::uint32_t) : sizeof(Site<H>);
    const double e = static_cast<double>(n) - 1;
    before += e * e;
    if (d == nd - 1) continue;  // the warp-scan pass
    plan.narrow = std::is_same_v<H, std::uint32_t> && before < 2147483647.0;
    plan.search = static_cast<std::int64_t>(n) <= kSearchMax &&
                  2 * kSearchLines * static_cast<std::size_t>(search_pitch(static_cast<std::int64_t>(n))) * sizeof(H) <=
                      kStackBytes;
    if (plan.search) continue;
    if (n * plan.entry > kStackBytes || n > UINT32_MAX) return false;  // the generic engine takes it
    plan.lanes = 32;
    while (plan.lanes > 1 && static_cast<std::size_t>(plan.lanes) * n * plan.entry > kStackBytes) plan.lanes /= 2;
  }
  const std::int64_t size = input.size();
  NDArray heights = NDArray::empty(input.shape(), dtype_v<H>, input.device());
  H* hs = heights.data_as<H>();
  const cudaStream_t stream = backends::current_cuda_stream();
  const std::int64_t n_last = input.shape(nd - 1), rows = size / n_last;
  dispatch<AllTypes>(input.dtype(), "distance transform", [&]<class T>(TypeTag<T>) {
    const std::int64_t blocks = (rows * 32 + kRowBlock - 1) / kRowBlock;
    row_distances_kernel<T, H><<<static_cast<unsigned>(blocks), kRowBlock, 0, stream>>>(
        input.data_as<T>(), kernels::flat_layout_of(input), input.is_c_contiguous(), n_last, rows,
        sampling[static_cast<std::size_t>(nd - 1)], hs);
    CUPIX_CUDA_CHECK(cudaGetLastError());
  });
  EnvelopePass<H> p{hs,
                    0,
                    0,
                    0,
                    0,
                    1,
                    false,
                    distances.data_as<double>(),
                    kernels::flat_layout_of(distances),
                    distances.is_c_contiguous(),
                    {}};
  p.no_zero.ndim = nd;
  for (int d = 0; d < nd; ++d) {
    p.no_zero.shape[d] = input.shape(d);
    p.no_zero.sampling[d] = sampling[static_cast<std::size_t>(d)];
  }
  std::int64_t inner = n_last;
  for (int d = nd - 2; d >= 0; --d) {
    p.n = input.shape(d);
    p.inner = inner;
    p.lines = size / p.n;
    p.s2 = sampling[static_cast<std::size_t>(d)] * sampling[static_cast<std::size_t>(d)];
    const Plan& plan = plans[static_cast<std::size_t>(d)];
    if (plan.search) {
      const std::size_t shared = 2 * kSearchLines * static_cast<std::size_t>(search_pitch(p.n)) * sizeof(H);
      const std::int64_t groups = (p.lines + kSearchLines - 1) / kSearchLines;
      const auto grid =
          static_cast<unsigned>(std::min<std::int64_t>(groups, std::int64_t{backends::multiprocessor_count()} * 8));
      const auto search = [&]<bool Narrow>(std::bool_constant<Narrow>) {
        if (d == 0)
          search_kernel<H, true, Narrow><<<grid, kSearchLines * 32, shared, stream>>>(p);
        else
          search_kernel<H, false, Narrow><<<grid, kSearchLines * 32, shared, stream>>>(p);
      };
      if constexpr (std::is_same_v<H, std::uint32_t>) {
        if (plan.narrow)
          search(std::true_type{});
        else
          search(std::false_type{});
      } else {
        search(std::false_type{});
      }
      CUPIX_CUDA_CHECK(cudaGetLastError());
      inner *= p.n;
      continue;
    }
    const int L = plan.lanes;
    p.qbits = plan.qbits;
    p.root = plan.root;
    const std::size_t shared = static_cast<std::size_t>(L) * static_cast<std::size_t>(p.n) * plan.entry;
    const std::int64_t groups = (p.lines + L - 1) / L;
    const auto grid =
        static_cast<unsigned>(std::min<std::int64_t>(groups, std::int64_t{backends::multiprocessor_count()} * 32));
    auto launch = [&]<bool Packed, bool Last>(std::bool_constant<Packed>, std::bool_constant<Last>) {
      envelope_kernel<H, Packed, Last><<<grid, L, shared, stream>>>(p);
    };
    const auto last = [&]<bool Packed>(std::bool_constant<Packed> packed) {
      if (d == 0)
        launch(packed, std::true_type{});
      else
        launch(packed, std::false_type{});
    };
    if constexpr (std::is_same_v<H, std::uint32_t>) {
      if (plan.packed)
        last(std::true_type{});
      else
        last(std::false_type{});
    } else {
      last(std::false_type{});
    }
    CUPIX_CUDA_CHECK(cudaGetLastError());
    inner *= p.n;
  }
  return true;
}

}  // namespace

bool edt_distances_tuned(const NDArray& input, const std::vector<double>& sampling, const NDArray& distances) {
  const int nd = input.ndim();
  if (!input.device().is_cuda() || nd < 2 || input.size() == 0) return false;
  // uint32 squared distances where every spacing is 1 and the largest possible one fits below
  // the "none" value.
  bool unit = true;
  double largest = 0;
  for (int d = 0; d < nd; ++d) {
    unit = unit && sampling[static_cast<std::size_t>(d)] == 1.0;
    const double e = static_cast<double>(input.shape(d));
    largest += e * e;
  }
  if (unit && largest < static_cast<double>(UINT32_MAX)) return run<std::uint32_t>(input, sampling, distances);
  return run<double>(input, sampling, distances);
}

}  // namespace cupix::ndimage::detail
