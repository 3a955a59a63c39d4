#include "correlate1d.hpp"

#include <string>

#include "arguments.hpp"
#include "backends/backend.hpp"
#if CUPIX_WITH_CUDA
#include "backends/cuda/separable.hpp"
#endif
#include "cupix/core/error.hpp"
#include "cupix/ndimage.hpp"

namespace cupix::ndimage {

namespace detail {

void correlate1d_into(const NDArray& in, const NDArray& out, const std::vector<double>& weights, const Line1d& line) {
  if (weights.empty()) throw RuntimeError("no filter weights given");
  const int taps = static_cast<int>(weights.size());
  if (line.origin < -(taps / 2) || line.origin > (taps - 1) / 2)
    throw ValueError("Invalid origin; origin must satisfy -(len(weights) // 2) <= origin <= (len(weights)-1) // 2");
  if (in.dtype() == DType::float16) throw RuntimeError("array type dtype('float16') not supported");
  // The kernel reads neighbours of the element it writes, so an output that overlaps the input
  // goes through a temporary.
  if (may_share_memory(in, out)) {
    const NDArray tmp = NDArray::empty(out.shape(), out.dtype(), out.device());
    correlate1d_into(in, tmp, weights, line);
    copy_into(tmp, out);
    return;
  }
  backends::with_backend(in.device(), [&]<class B>(backends::Tag<B>) {
#if CUPIX_WITH_CUDA
    if (backends::cuda::correlate1d_tuned(in, out, weights, line)) return;
#endif
    correlate1d_run<B>(in, out, weights, line);
  });
}

bool pair_is_fusable(Device device, int ndim, const LinePass& first, const LinePass& second) {
  return built_with_cuda() && device.is_cuda() && ndim >= 2 && first.line.axis == ndim - 2 &&
         second.line.axis == ndim - 1 && first.line.reduce == second.line.reduce;
}

void correlate_pair_into(const NDArray& src, const NDArray& dst, const LinePass& first, const LinePass& second) {
#if CUPIX_WITH_CUDA
  const bool fused = backends::with_backend(src.device(), [&]<class B>(backends::Tag<B>) {
    return backends::cuda::correlate_last_two_axes_tuned(src, dst, first.weights, first.line, second.weights,
                                                         second.line);
  });
  if (fused) return;
#endif
  const NDArray mid = NDArray::empty(dst.shape(), dst.dtype(), dst.device());
  correlate1d_into(src, mid, first.weights, first.line);
  correlate1d_into(mid, dst, second.weights, second.line);
}

LinePass window_pass(int size, double weight, int axis, Mode mode, double cval, int origin, Reduce reduce) {
  if (size < 1) throw RuntimeError("incorrect filter size");
  check_origin(size, origin);
  return {std::vector<double>(static_cast<std::size_t>(size), weight), {axis, mode, cval, origin, reduce}};
}

NDArray window_filter1d(const NDArray& input, int size, double weight, const Correlate1dOptions& o, Reduce reduce) {
  const int axis = normalize_axis(o.axis, input.ndim());
  const LinePass pass = window_pass(size, weight, axis, o.mode, o.cval, o.origin, reduce);
  NDArray out = resolve_output(o.output, input, input.shape());
  correlate1d_into(input, out, pass.weights, pass.line);
  return out;
}

void run_passes(const NDArray& input, const NDArray& out, const std::vector<LinePass>& passes) {
  if (passes.empty()) {
    copy_into(input, out);
    return;
  }
  struct Step {
    std::size_t pass;
    bool pair;
  };
  std::vector<Step> steps;
  for (std::size_t i = 0; i < passes.size(); ++i) {
    const bool pair = i + 1 < passes.size() && pair_is_fusable(input.device(), input.ndim(), passes[i], passes[i + 1]);
    steps.push_back({i, pair});
    if (pair) ++i;
  }
  // The last step must land in `out`: alternate backwards from it.
  const NDArray tmp = steps.size() > 1 ? NDArray::empty(out.shape(), out.dtype(), out.device()) : NDArray{};
  NDArray src = input;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const NDArray& dst = (steps.size() - 1 - i) % 2 == 0 ? out : tmp;
    const LinePass& p = passes[steps[i].pass];
    if (steps[i].pair) correlate_pair_into(src, dst, p, passes[steps[i].pass + 1]);
    else correlate1d_into(src, dst, p.weights, p.line);
    src = dst;
  }
}

}  // namespace detail

NDArray correlate1d(const NDArray& input, const std::vector<double>& weights, const Correlate1dOptions& options) {
  const int axis = normalize_axis(options.axis, input.ndim());
  NDArray out = resolve_output(options.output, input, input.shape());
  detail::correlate1d_into(input, out, weights, {axis, options.mode, options.cval, options.origin});
  return out;
}

NDArray convolve1d(const NDArray& input, const std::vector<double>& weights, const Correlate1dOptions& options) {
  Correlate1dOptions o = options;
  o.origin = -options.origin - (weights.size() % 2 == 0 ? 1 : 0);
  return correlate1d(input, {weights.rbegin(), weights.rend()}, o);
}

}  // namespace cupix::ndimage
