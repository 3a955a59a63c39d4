// uniform_filter1d and uniform_filter as correlations with equal weights. SciPy keeps a running
// sum (O(1) per output); summing the window directly costs O(size) but gives the same means to
// rounding and runs on the tuned line kernels.
#include <string>

#include "arguments.hpp"
#include "correlate1d.hpp"
#include "cupix/ndimage.hpp"

namespace cupix::ndimage {

NDArray uniform_filter1d(const NDArray& input, int size, const UniformFilter1dOptions& o) {
  return detail::window_filter1d(input, size, 1.0 / size, o, detail::Reduce::sum);
}

NDArray uniform_filter(const NDArray& input, const std::vector<int>& size, const UniformFilterOptions& o) {
  const std::vector<int> axes = detail::check_axes(o.axes, input.ndim());
  const std::size_t count = axes.size();
  std::vector<detail::LinePass> passes;
  for (std::size_t i = 0; i < count; ++i) {
    const int s = detail::per_axis(size, i, count, "size");
    const int origin = detail::per_axis(o.origin, i, count, "origin");
    const Mode mode = detail::per_axis(o.mode, i, count, "mode");
    if (s > 1) passes.push_back(detail::window_pass(s, 1.0 / s, axes[i], mode, o.cval, origin, detail::Reduce::sum));
  }
  NDArray out = resolve_output(o.output, input, input.shape());
  detail::run_passes(input, out, passes);
  return out;
}

}  // namespace cupix::ndimage
