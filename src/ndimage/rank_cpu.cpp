// CPU launches of the rank engine: histogram strips with the counters on the stack, and large
// windows gathered into a per-thread buffer for std::nth_element.
#include <algorithm>
#include <vector>

#include "backends/cpu/launch.hpp"
#include "rank_impl.hpp"

namespace cupix::ndimage::detail {

template <>
struct RankLaunch<backends::Cpu> {
  // A 3x3 median of uint8 takes 2.4x longer through the sorting network than through the
  // histogram on the CPU (2 cores, 3840x2160): the histogram always.
  static constexpr int kHistogramStrip = 64;
  static constexpr int kHistogramFrom = 1;

  template <class T>
  static bool tiled(const RankWindow<T>&, const Footprint&, const NDArray&, const NDArray&) {
    return false;
  }

  template <class T>
  static void hist(const HistRank<T>& op, std::int64_t items) {
    backends::Cpu::parallel_for(items, [&op](std::int64_t i) {
      std::uint16_t hist[HistRank<T>::kBins], coarse[HistRank<T>::kCoarse];
      op.run(i, hist, coarse, 1);
    });
  }

  template <class T>
  static void large(const RankWindow<T>& w, std::int64_t n) {
    using Key = OrderedKey<T>;
#pragma omp parallel if (n >= backends::Cpu::kMinParallel)
    {
      std::vector<typename Key::type> keys(static_cast<std::size_t>(w.count));
#pragma omp for schedule(static)
      for (std::int64_t i = 0; i < n; ++i) {
        const auto p = w.locate(i);
        for (int f = 0; f < w.count; ++f) keys[static_cast<std::size_t>(f)] = Key::key(w.value(p, f));
        std::nth_element(keys.begin(), keys.begin() + w.rank, keys.end());
        w.store(p, Key::value(keys[static_cast<std::size_t>(w.rank)]));
      }
    }
  }
};

template void rank_run<backends::Cpu>(const NDArray&, const NDArray&, const Footprint&, int, Mode, double);

}  // namespace cupix::ndimage::detail
