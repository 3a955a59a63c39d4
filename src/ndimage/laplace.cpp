// laplace, gaussian_laplace and gaussian_gradient_magnitude, following SciPy's generic_laplace and
// generic_gradient_magnitude: the first derivative is written into the output, each further one
// into a temporary of the output dtype that is then accumulated NumPy-style.
#include <functional>

#include "accumulate.hpp"
#include "arguments.hpp"
#include "backends/backend.hpp"
#include "correlate1d.hpp"
#include "cupix/ndimage.hpp"

namespace cupix::ndimage {

namespace detail {

void accumulate(const NDArray& out, const NDArray& tmp, Accumulate op) {
  backends::with_backend(out.device(), [&]<class B>(backends::Tag<B>) { accumulate_run<B>(out, tmp, op); });
}

bool any_differ(const NDArray& a, const NDArray& b) {
  return backends::with_backend(a.device(), [&]<class B>(backends::Tag<B>) { return any_differ_run<B>(a, b); });
}

}  // namespace detail

namespace {

// derivative(axis, mode, destination) writes one derivative into `destination`.
using Derivative = std::function<void(int axis, Mode mode, const NDArray& destination)>;

NDArray generic(const NDArray& input, const Output& output, const std::vector<Mode>& mode,
                const std::optional<std::vector<int>>& axes_arg, const Derivative& derivative, bool magnitude) {
  NDArray out = resolve_output(output, input, input.shape());
  const std::vector<int> axes = detail::check_axes(axes_arg, input.ndim());
  if (axes.empty()) {
    copy_into(input, out);
    return out;
  }
  derivative(axes[0], detail::per_axis(mode, 0, axes.size(), "mode"), out);
  if (magnitude) detail::accumulate(out, out, detail::Accumulate::square);
  NDArray tmp;
  for (std::size_t i = 1; i < axes.size(); ++i) {
    if (!tmp.defined()) tmp = NDArray::empty(out.shape(), out.dtype(), out.device());
    derivative(axes[i], detail::per_axis(mode, i, axes.size(), "mode"), tmp);
    detail::accumulate(out, tmp, magnitude ? detail::Accumulate::add_square : detail::Accumulate::add);
  }
  if (magnitude) detail::accumulate(out, out, detail::Accumulate::sqrt);
  return out;
}

// gaussian_filter's options for the derivative of order `order` along `axis` (0 along the others).
GaussianFilterOptions derivative_options(const GaussianDerivativeOptions& o, int ndim, int axis, int order, Mode mode,
                                         const NDArray& destination) {
  std::vector<int> orders(static_cast<std::size_t>(ndim), 0);
  orders[static_cast<std::size_t>(axis)] = order;
  return {.order = std::move(orders), .output = destination, .mode = {mode}, .cval = o.cval, .truncate = o.truncate,
          .radius = o.radius};
}

}  // namespace

NDArray laplace(const NDArray& input, const LaplaceOptions& o) {
  return generic(input, o.output, o.mode, o.axes,
                 [&](int axis, Mode mode, const NDArray& dst) {
                   correlate1d(input, {1.0, -2.0, 1.0}, {.axis = axis, .output = dst, .mode = mode, .cval = o.cval});
                 },
                 false);
}

NDArray gaussian_laplace(const NDArray& input, const std::vector<double>& sigma, const GaussianDerivativeOptions& o) {
  // SciPy gives sigma per filtered axis and 0 (no smoothing) to the others.
  const std::vector<int> axes = detail::check_axes(o.axes, input.ndim());
  std::vector<double> full(static_cast<std::size_t>(input.ndim()), 0.0);
  for (std::size_t i = 0; i < axes.size(); ++i)
    full[static_cast<std::size_t>(axes[i])] = detail::per_axis(sigma, i, axes.size(), "sigma");
  return generic(input, o.output, o.mode, o.axes,
                 [&](int axis, Mode mode, const NDArray& dst) {
                   gaussian_filter(input, full, derivative_options(o, input.ndim(), axis, 2, mode, dst));
                 },
                 false);
}

NDArray gaussian_gradient_magnitude(const NDArray& input, const std::vector<double>& sigma,
                                    const GaussianDerivativeOptions& o) {
  return generic(input, o.output, o.mode, o.axes,
                 [&](int axis, Mode mode, const NDArray& dst) {
                   gaussian_filter(input, sigma, derivative_options(o, input.ndim(), axis, 1, mode, dst));
                 },
                 true);
}

}  // namespace cupix::ndimage
