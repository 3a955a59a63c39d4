#include "backends/cuda/launch.cuh"
#include "edt_impl.hpp"
#include "warp_scan.cuh"

namespace cupix::ndimage::detail {
using backends::Cuda;

namespace {

// The first pass along the last axis (lines of n contiguous points): a warp per line, its lanes
// on 32 neighbouring points, so that loads and stores coalesce. The last zero at or before each
// point is a running maximum (a warp scan, carried from chunk to chunk), kept in feat; the first
// at or after it a running minimum taken backwards; the nearer wins, the earlier on a tie (as
// EdtFirstAxis).
template <class T, class M>
__global__ void nearest_on_last_axis_kernel(const T* input, const __grid_constant__ kernels::Layout layout,
                                            bool contiguous, std::int64_t n, std::int64_t lines, double s, M metric,
                                            std::int64_t* feat, double* dist) {
  const std::int64_t line = (static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x) / 32;
  if (line >= lines) return;  // whole warps leave together: blockDim is a multiple of 32
  const std::int64_t base = line * n;
  nearest_zeros(
      n, [&](std::int64_t k) { return (contiguous ? input[base + k] : input[layout.offset(base + k)]) == T(0); },
      [&](std::int64_t k, std::int64_t prev) { feat[base + k] = prev; },
      [&](std::int64_t k) { return feat[base + k]; },
      [&](std::int64_t k, std::int64_t prev, std::int64_t next) {
        std::int64_t best = prev;
        if (next != kNoZero && (best < 0 || next - k < k - prev)) best = next;
        feat[base + k] = best < 0 ? -1 : base + best;
        dist[base + k] = best < 0 ? std::numeric_limits<double>::infinity()
                                  : metric.first(static_cast<double>(best > k ? best - k : k - best) * s);
      });
}

}  // namespace

template <>
struct EdtLaunch<Cuda> {
  static constexpr bool kLastAxisFirst = true;

  template <class T, class M>
  static void nearest_on_last_axis(const NDArray& input, std::int64_t n, std::int64_t lines, double s, M metric,
                                   std::int64_t* feat, double* dist) {
    constexpr int kBlock = 256;  // 8 lines per block
    const std::int64_t blocks = (lines * 32 + kBlock - 1) / kBlock;
    nearest_on_last_axis_kernel<T, M><<<static_cast<unsigned>(blocks), kBlock, 0, backends::current_cuda_stream()>>>(
        input.data_as<T>(), kernels::flat_layout_of(input), input.is_c_contiguous(), n, lines, s, metric, feat, dist);
    CUPIX_CUDA_CHECK(cudaGetLastError());
  }
};

template EdtFeatures feature_transform_run<Cuda>(const NDArray&, const std::vector<double>&, EnvelopeMetric);
template void edt_outputs_run<Cuda>(const EdtFeatures&, const std::vector<double>&, const NDArray&, const NDArray&);
template void cdt_outputs_run<Cuda>(const EdtFeatures&, const NDArray&, const NDArray&);
}  // namespace cupix::ndimage::detail
