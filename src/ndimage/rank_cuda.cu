// CUDA launches of the rank engine: histogram strips with their counters in shared memory
// (interleaved by thread, so a warp's counter updates hit distinct banks), and radix selection
// for windows too large for the register network.
#include "backends/cuda/launch.cuh"
#include "rank_impl.hpp"

namespace cupix::ndimage::detail {

namespace {

constexpr int kHistBlock = 64;

template <class T>
__global__ void __launch_bounds__(kHistBlock) hist_rank_kernel(HistRank<T> op, std::int64_t items) {
  extern __shared__ std::uint16_t counters[];
  const int t = static_cast<int>(threadIdx.x);
  const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * kHistBlock;
  for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * kHistBlock + t; i < items; i += step)
    op.run(i, counters + t, counters + HistRank<T>::kBins * kHistBlock + t, kHistBlock);
}

}  // namespace

template <>
struct RankLaunch<backends::Cuda> {
  static constexpr int kHistogramFrom = 17;

  template <class T>
  static void hist(const HistRank<T>& op, std::int64_t items) {
    constexpr std::size_t shared = (HistRank<T>::kBins + HistRank<T>::kCoarse) * kHistBlock * sizeof(std::uint16_t);
    const std::int64_t wanted = (items + kHistBlock - 1) / kHistBlock;
    const int blocks = static_cast<int>(std::min<std::int64_t>(wanted, std::int64_t{backends::multiprocessor_count()} * 32));
    hist_rank_kernel<T><<<blocks, kHistBlock, shared, backends::current_cuda_stream()>>>(op, items);
    CUPIX_CUDA_CHECK(cudaGetLastError());
  }

  template <class T>
  static void large(const RankWindow<T>& w, std::int64_t n) {
    backends::Cuda::parallel_for(n, RankRadixOp<T>{w});
  }
};

template void rank_run<backends::Cuda>(const NDArray&, const NDArray&, const Footprint&, int, Mode, double);

}  // namespace cupix::ndimage::detail
