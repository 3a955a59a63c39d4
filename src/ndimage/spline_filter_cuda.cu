// The B-spline prefilter on the GPU. Each pole is a causal recursion y[i] = a x[i] + z y[i - 1]
// and an anti-causal one y[i] = z (y[i + 1] - y[i]), inherently sequential along a line; but they
// forget their past at the rate |z|^k. So each line is cut into segments, a segment's run starts
// `warm` values early from 0 (or from the line's exact initial value where that lies closer),
// and everything runs in parallel: a warp takes 32 neighbouring lines and one segment. Chunks of
// the 32 lines are staged through shared memory with coalesced loads and stores whichever way
// the lines lie (along the lanes when the axis is the innermost one, across them otherwise),
// and each lane steps its own line. The causal pass writes a scratch array and the anti-causal
// pass reads it back, so that no segment reads values another has already overwritten.
//
// A NaN or infinity spreads over its whole line in the sequential filter, but only `warm` values
// far here. So the first causal pass flags each line where some value comes out non-finite, the
// flagged lines are then filtered sequentially, all poles, by one thread each (as on the CPU),
// and every later pass leaves them alone.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "backends/cuda/launch.cuh"
#include "interpolation_impl.hpp"

namespace cupix::ndimage::detail::interp {

namespace {

constexpr int kChunk = 16;  // positions per staged chunk
constexpr int kWarps = 4;   // warps per block

struct Pass {
  SplineLines<1> src;  // the lines read (geometry, mode and the exact initial values)
  double* dst;         // the lines written, at dst_outer.offset(line) + i * dst_s
  kernels::Layout dst_outer;
  std::int64_t dst_s;
  std::int64_t lines, tiles, seg, nseg, warm;
  double z, a;
  std::uint8_t* nonfinite;  // per line: filtered sequentially instead
  bool detect;              // this pass sets `nonfinite` (else it skips the lines flagged)
};

// Positions [q0, q0 + m) of the warp's 32 lines, between `rows` (shared, a row per line) and
// memory at base + i * s (each lane's own base). When s == 1 the lanes walk positions of a line
// (two lines at a time), else they walk lines: either way a warp's access is contiguous.
template <bool Load>
__device__ void stage(double (*rows)[kChunk + 1], double* base, std::int64_t s, bool valid, std::int64_t q0, int m,
                      int skip_below, int skip_from) {
  const int lane = threadIdx.x & 31;
  if (s == 1) {
    const int k = lane % kChunk;
    for (int r = lane / kChunk; r < 32; r += 32 / kChunk) {
      double* b = reinterpret_cast<double*>(__shfl_sync(0xffffffffu, reinterpret_cast<long long>(base), r));
      const bool ok = __shfl_sync(0xffffffffu, valid, r) && k < m && k >= skip_below && k < skip_from;
      if (!ok) continue;
      if constexpr (Load)
        rows[r][k] = b[q0 + k];
      else
        b[q0 + k] = rows[r][k];
    }
  } else if (valid) {
    for (int k = skip_below; k < m && k < skip_from; ++k) {
      if constexpr (Load)
        rows[lane][k] = base[(q0 + k) * s];
      else
        base[(q0 + k) * s] = rows[lane][k];
    }
  }
}

template <bool Causal>
__global__ void __launch_bounds__(kWarps * 32) spline_pass_kernel(const __grid_constant__ Pass p) {
  __shared__ double tile[kWarps][32][kChunk + 1];
  const int lane = threadIdx.x & 31;
  const std::int64_t warp = static_cast<std::int64_t>(blockIdx.x) * kWarps + (threadIdx.x >> 5);
  if (warp >= p.tiles * p.nseg) return;  // the whole warp
  const std::int64_t t = warp % p.tiles, j = warp / p.tiles, line = t * 32 + lane;
  bool valid = line < p.lines;
  if (valid && !p.detect) valid = p.nonfinite[line] == 0;
  bool bad = false;
  const std::int64_t n = p.src.n, s = p.src.s;
  double* src = p.src.data + (valid ? p.src.outer.offset(line) : 0);
  double* dst = p.dst + (valid ? p.dst_outer.offset(line) : 0);
  double(*rows)[kChunk + 1] = tile[threadIdx.x >> 5];
  const std::int64_t start = j * p.seg, end = std::min(start + p.seg, n);
  double y = 0;
  if constexpr (Causal) {
    std::int64_t from = start - p.warm;
    if (from <= 1) {  // the line's exact start
      if (valid) p.src.causal_init(src, 1, p.z, p.a, &y);
      if (valid && start == 0) dst[0] = y;
      from = 1;
    }
    for (std::int64_t q0 = from; q0 < end; q0 += kChunk) {
      const int m = static_cast<int>(std::min<std::int64_t>(kChunk, end - q0));
      stage<true>(rows, src, s, valid, q0, m, 0, kChunk);
      __syncwarp();
      if (!valid) {
      } else if (m == kChunk) {
#pragma unroll
        for (int k = 0; k < kChunk; ++k) {
          rows[lane][k] = y = p.a * rows[lane][k] + p.z * y;
          bad |= !isfinite(y);
        }
      } else {
        for (int k = 0; k < m; ++k) {
          rows[lane][k] = y = p.a * rows[lane][k] + p.z * y;
          bad |= !isfinite(y);
        }
      }
      __syncwarp();
      stage<false>(rows, dst, p.dst_s, valid, q0, m, static_cast<int>(std::max<std::int64_t>(start - q0, 0)), kChunk);
      __syncwarp();
    }
    if (p.detect && valid && (bad || !isfinite(y))) p.nonfinite[line] = 1;
  } else {
    std::int64_t to = end + p.warm;  // y is 0 at `to`, or exact at n - 1
    if (to >= n - 1) {
      if (valid) p.src.anticausal_init(src, 1, p.z, &y);
      if (valid && end == n) dst[(n - 1) * p.dst_s] = y;
      to = n - 1;
    }
    for (std::int64_t q1 = to; q1 > start; q1 -= kChunk) {
      const std::int64_t q0 = std::max(q1 - kChunk, start);
      const int m = static_cast<int>(q1 - q0);
      stage<true>(rows, src, s, valid, q0, m, 0, kChunk);
      __syncwarp();
      if (!valid) {
      } else if (m == kChunk) {
#pragma unroll
        for (int k = kChunk - 1; k >= 0; --k) rows[lane][k] = y = p.z * (y - rows[lane][k]);
      } else {
        for (int k = m - 1; k >= 0; --k) rows[lane][k] = y = p.z * (y - rows[lane][k]);
      }
      __syncwarp();
      stage<false>(rows, dst, p.dst_s, valid, q0, m, 0, static_cast<int>(std::min<std::int64_t>(end - q0, kChunk)));
      __syncwarp();
    }
  }
}

// The flagged lines, whole, as the CPU filters them.
__global__ void nonfinite_lines_kernel(const __grid_constant__ SplineLines<1> line, const std::uint8_t* nonfinite,
                                       std::int64_t lines) {
  const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < lines; i += step)
    if (nonfinite[i]) line(i);
}

// Steps after which the run's start weighs less than 2^-64 of the line's largest value: an error
// there of |z|^warm times the largest y, itself at most a / (1 - |z|) times the largest input.
std::int64_t warm_steps(double z, double a) {
  const double weight = std::abs(a) / (1 - std::abs(z));
  return static_cast<std::int64_t>(
      std::ceil((64 * std::log(2.0) + std::log(std::max(weight, 1.0))) / -std::log(std::abs(z))));
}

}  // namespace

void spline_filter_segments(const SplineLines<1>& line, std::int64_t lines, const Device& device) {
  if (lines == 0) return;
  const std::int64_t n = line.n, tiles = (lines + 31) / 32;
  // Enough warps to fill the GPU (48 per multiprocessor), segments of at least 64 values.
  const std::int64_t wanted = std::int64_t{backends::multiprocessor_count()} * 48;
  std::int64_t nseg = std::clamp<std::int64_t>((wanted + tiles - 1) / tiles, 1, std::max<std::int64_t>(n / 64, 1));
  const std::int64_t seg = (n + nseg - 1) / nseg;
  nseg = (n + seg - 1) / seg;
  // The scratch lines, C-ordered: line k at k * n.
  const NDArray scratch = NDArray::empty({lines, n}, DType::float64, device);
  SplineLines<1> work = line;
  work.data = scratch.data_as<double>();
  work.outer = kernels::Layout{};
  work.outer.ndim = 1;
  work.outer.shape[0] = lines;
  work.outer.strides[0] = n;
  work.s = 1;
  const NDArray nonfinite = NDArray::empty({lines}, DType::uint8, device);
  std::uint8_t* flags = nonfinite.data_as<std::uint8_t>();
  const cudaStream_t stream = backends::current_cuda_stream();
  CUPIX_CUDA_CHECK(cudaMemsetAsync(flags, 0, static_cast<std::size_t>(lines), stream));
  const auto blocks = static_cast<unsigned>((tiles * nseg + kWarps - 1) / kWarps);
  for (int p = 0; p < line.npoles; ++p) {
    const double z = line.poles[p], a = p == 0 ? line.gain() : 1.0;
    const std::int64_t warm = warm_steps(z, line.gain());
    SplineLines<1> src = line;
    src.reach = work.reach = warm;  // the initial sums too: their later terms weigh as little
    spline_pass_kernel<true><<<blocks, kWarps * 32, 0, stream>>>(
        Pass{src, work.data, work.outer, work.s, lines, tiles, seg, nseg, warm, z, a, flags, p == 0});
    CUPIX_CUDA_CHECK(cudaGetLastError());
    if (p == 0) {
      nonfinite_lines_kernel<<<static_cast<unsigned>(std::min<std::int64_t>((lines + 127) / 128, 65535)), 128, 0,
                               stream>>>(line, flags, lines);
      CUPIX_CUDA_CHECK(cudaGetLastError());
    }
    spline_pass_kernel<false><<<blocks, kWarps * 32, 0, stream>>>(
        Pass{work, line.data, line.outer, line.s, lines, tiles, seg, nseg, warm, z, 1.0, flags, false});
    CUPIX_CUDA_CHECK(cudaGetLastError());
  }
}

}  // namespace cupix::ndimage::detail::interp
