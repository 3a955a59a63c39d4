// uniform_filter1d and uniform_filter as correlations with equal weights. SciPy keeps a running
// sum (O(1) per output); summing the window directly costs O(size) but gives the same means to
// rounding and runs on the tuned line kernels.
#include <string>

#include "arguments.hpp"
#include "correlate1d.hpp"
#include "cupix/core/error.hpp"
#include "cupix/ndimage.hpp"

namespace cupix::ndimage {

namespace {

detail::LinePass uniform_pass(int size, int axis, Mode mode, double cval, int origin) {
  if (size < 1) throw RuntimeError("incorrect filter size");
  if (size / 2 + origin < 0 || size / 2 + origin >= size) throw ValueError("invalid origin");
  return {std::vector<double>(static_cast<std::size_t>(size), 1.0 / size), {axis, mode, cval, origin}};
}

}  // namespace

NDArray uniform_filter1d(const NDArray& input, int size, const UniformFilter1dOptions& o) {
  const int axis = normalize_axis(o.axis, input.ndim());
  const detail::LinePass pass = uniform_pass(size, axis, o.mode, o.cval, o.origin);
  NDArray out = resolve_output(o.output, input, input.shape());
  detail::correlate1d_into(input, out, pass.weights, pass.line);
  return out;
}

NDArray uniform_filter(const NDArray& input, const std::vector<int>& size, const UniformFilterOptions& o) {
  const std::vector<int> axes = detail::check_axes(o.axes, input.ndim());
  const std::size_t count = axes.size();
  std::vector<detail::LinePass> passes;
  for (std::size_t i = 0; i < count; ++i) {
    const int s = detail::per_axis(size, i, count, "size");
    const int origin = detail::per_axis(o.origin, i, count, "origin");
    const Mode mode = detail::per_axis(o.mode, i, count, "mode");
    if (s > 1) passes.push_back(uniform_pass(s, axes[i], mode, o.cval, origin));
  }
  NDArray out = resolve_output(o.output, input, input.shape());
  detail::run_passes(input, out, passes);
  return out;
}

}  // namespace cupix::ndimage
