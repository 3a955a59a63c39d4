// The middle values of each region on the CPU: the points' keys scattered into one buffer grouped
// by region (a counting sort), then a selection per region, regions in parallel.
#include <algorithm>
#include <vector>

#include "backends/cpu/launch.hpp"
#include "region_stats_impl.hpp"

namespace cupix::ndimage::detail {

template <>
NDArray region_middle_keys_run<backends::Cpu>(const NDArray& input, const Regions& rg, const NDArray& counts) {
  const std::int64_t n_regions = rg.count;
  const std::int64_t* count = counts.data_as<std::int64_t>();
  std::vector<std::int64_t> next(static_cast<std::size_t>(n_regions) + 1, 0);
  for (std::int64_t r = 0; r < n_regions; ++r) next[static_cast<std::size_t>(r) + 1] = next[static_cast<std::size_t>(r)] + count[r];
  const std::vector<std::int64_t> start(next.begin(), next.end());
  std::vector<std::uint64_t> keys(static_cast<std::size_t>(next.back()));
  NDArray middle = NDArray::empty({n_regions, 2}, DType::uint64);
  auto* out = middle.data_as<std::uint64_t>();
  dispatch_regions(input, rg, "median", [&]<class T, class L>(TypeTag<T>, TypeTag<L>) {
    const T* v = input.data_as<T>();
    const kernels::Layout layout = kernels::flat_layout_of(input);
    const RegionOf<L> regions = region_of<L>(rg);
    typename RegionOf<L>::Last last;
    for (std::int64_t i = 0; i < input.size(); ++i) {
      const std::int64_t r = regions.at(i, last);
      if (r >= 0) keys[static_cast<std::size_t>(next[static_cast<std::size_t>(r)]++)] = wide_key(v[layout.offset(i)]);
    }
  });
  backends::Cpu::parallel_for_heavy(n_regions, [&](std::int64_t r) {
    const std::int64_t c = count[r];
    if (c == 0) return;
    auto* first = keys.data() + start[static_cast<std::size_t>(r)];
    auto* low = first + (c - 1) / 2;
    std::nth_element(first, low, first + c);
    out[2 * r] = *low;
    out[2 * r + 1] = c % 2 ? *low : *std::min_element(low + 1, first + c);
  });
  return middle;
}

}  // namespace cupix::ndimage::detail
