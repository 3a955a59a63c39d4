#include <cmath>
#include <string>

#include "arguments.hpp"
#include "correlate1d.hpp"
#include "cupix/core/error.hpp"
#include "cupix/ndimage.hpp"

namespace cupix::ndimage {

namespace {

int radius_for(double sigma, double truncate, std::optional<int> radius) {
  const double lw = truncate * sigma + 0.5;
  const int r = radius ? *radius : static_cast<int>(lw);  // int() truncates toward zero, as Python's
  if (r < 0 || (!radius && !(lw > -1.0 && lw < 2147483647.0)))
    throw ValueError("Radius must be a nonnegative integer.");
  return r;
}

}  // namespace

std::vector<double> gaussian_kernel1d(double sigma, int order, int radius) {
  if (order < 0) throw ValueError("order must be non-negative");
  if (radius < 0) throw ValueError("Radius must be a nonnegative integer.");
  const double sigma2 = sigma * sigma;
  const std::size_t n = 2 * static_cast<std::size_t>(radius) + 1;
  std::vector<double> phi(n);
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(static_cast<int>(i) - radius);
    phi[i] = std::exp(-0.5 / sigma2 * x * x);
    sum += phi[i];
  }
  for (auto& v : phi) v /= sum;
  if (order > 0) {
    // The order-th derivative of the Gaussian is q(x) * phi(x) for a polynomial q; differentiating
    // q*phi gives (q' - q * x / sigma^2) * phi, applied here to q's coefficients.
    std::vector<double> q(static_cast<std::size_t>(order) + 1, 0.0);
    q[0] = 1.0;
    for (int step = 0; step < order; ++step) {
      std::vector<double> next(q.size(), 0.0);
      for (std::size_t i = 0; i < q.size(); ++i) {
        if (i + 1 < q.size()) next[i] += static_cast<double>(i + 1) * q[i + 1];
        if (i > 0) next[i] -= q[i - 1] / sigma2;
      }
      q = std::move(next);
    }
    for (std::size_t i = 0; i < n; ++i) {
      const double x = static_cast<double>(static_cast<int>(i) - radius);
      double poly = 0.0, xp = 1.0;
      for (double c : q) {
        poly += c * xp;
        xp *= x;
      }
      phi[i] *= poly;
    }
  }
  return phi;
}

namespace {

// SciPy correlates with the reversed kernel.
std::vector<double> correlation_weights(double sigma, int order, int radius) {
  auto w = gaussian_kernel1d(sigma, order, radius);
  return {w.rbegin(), w.rend()};
}

}  // namespace

NDArray gaussian_filter1d(const NDArray& input, double sigma, const GaussianFilter1dOptions& o) {
  const int axis = normalize_axis(o.axis, input.ndim());
  const int radius = radius_for(sigma, o.truncate, o.radius);
  const auto weights = correlation_weights(sigma, o.order, radius);
  NDArray out = resolve_output(o.output, input, input.shape());
  detail::correlate1d_into(input, out, weights, {axis, o.mode, o.cval, 0});
  return out;
}

NDArray gaussian_filter(const NDArray& input, const std::vector<double>& sigma, const GaussianFilterOptions& o) {
  const std::vector<int> axes = detail::check_axes(o.axes, input.ndim());
  const std::size_t count = axes.size();
  std::vector<detail::LinePass> passes;
  for (std::size_t i = 0; i < count; ++i) {
    const double s = detail::per_axis(sigma, i, count, "sigma");
    const int order = detail::per_axis(o.order, i, count, "order");
    const Mode mode = detail::per_axis(o.mode, i, count, "mode");
    const std::optional<int> radius =
        o.radius.empty() ? std::nullopt : std::optional<int>(detail::per_axis(o.radius, i, count, "radius"));
    if (!(s > 1e-15)) continue;
    passes.push_back({correlation_weights(s, order, radius_for(s, o.truncate, radius)), {axes[i], mode, o.cval, 0}});
  }
  NDArray out = resolve_output(o.output, input, input.shape());
  detail::run_passes(input, out, passes);
  return out;
}

}  // namespace cupix::ndimage
