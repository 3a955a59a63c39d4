// sobel and prewitt: a central difference along one axis, smoothed along all the others.
#include "arguments.hpp"
#include "correlate1d.hpp"
#include "cupix/ndimage.hpp"

namespace cupix::ndimage {

namespace {

NDArray smoothed_derivative(const NDArray& input, const DerivativeOptions& o, const std::vector<double>& smooth) {
  const int axis = normalize_axis(o.axis, input.ndim());
  const std::size_t nd = static_cast<std::size_t>(input.ndim());
  std::vector<detail::LinePass> passes{{{-1.0, 0.0, 1.0}, {axis, detail::per_axis(o.mode, axis, nd, "mode"), o.cval, 0}}};
  for (int d = 0; d < input.ndim(); ++d)
    if (d != axis) passes.push_back({smooth, {d, detail::per_axis(o.mode, d, nd, "mode"), o.cval, 0}});
  NDArray out = resolve_output(o.output, input, input.shape());
  detail::run_passes(input, out, passes);
  return out;
}

}  // namespace

NDArray sobel(const NDArray& input, const DerivativeOptions& o) { return smoothed_derivative(input, o, {1.0, 2.0, 1.0}); }

NDArray prewitt(const NDArray& input, const DerivativeOptions& o) {
  return smoothed_derivative(input, o, {1.0, 1.0, 1.0});
}

}  // namespace cupix::ndimage
