#include "correlate.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>

#include "arguments.hpp"
#include "backends/backend.hpp"
#include "cupix/core/error.hpp"
#include "cupix/ndimage.hpp"

namespace cupix::ndimage {

namespace detail {

Footprint make_footprint(const NDArray& w, const std::vector<int>& origin, const NDArray& members) {
  const int nd = w.ndim();
  Footprint fp;
  fp.min_offset.assign(static_cast<std::size_t>(nd), 0);
  fp.max_offset.assign(static_cast<std::size_t>(nd), 0);
  bool first = true;
  std::vector<std::int64_t> k(static_cast<std::size_t>(nd), 0);
  for (std::int64_t i = 0; i < w.size(); ++i) {
    std::int64_t r = i;
    for (int d = nd - 1; d >= 0; --d) {
      k[static_cast<std::size_t>(d)] = r % w.shape(d);
      r /= w.shape(d);
    }
    const double value = w.data_as<double>()[i];
    if (members.defined() ? !members.data_as<bool>()[i] : !(std::fabs(value) > DBL_EPSILON))
      continue;  // SciPy leaves weights of magnitude at most DBL_EPSILON out of the footprint
    fp.weights.push_back(value);
    for (int d = 0; d < nd; ++d) {
      const auto ud = static_cast<std::size_t>(d);
      const std::int64_t off = k[ud] - w.shape(d) / 2 - origin[ud];
      fp.offsets.push_back(static_cast<std::int32_t>(off));
      fp.min_offset[ud] = first ? off : std::min(fp.min_offset[ud], off);
      fp.max_offset[ud] = first ? off : std::max(fp.max_offset[ud], off);
    }
    first = false;
  }
  return fp;
}

void correlate_nd_into(const NDArray& in, const NDArray& out, const Footprint& fp, Mode mode, double cval,
                       Reduce reduce) {
  // The kernel reads neighbours of what it writes: an output overlapping the input needs a temporary.
  const NDArray target = may_share_memory(in, out) ? NDArray::empty(out.shape(), out.dtype(), out.device()) : out;
  backends::with_backend(in.device(), [&]<class B>(backends::Tag<B>) {
#if CUPIX_WITH_CUDA
    if (reduce == Reduce::sum && correlate_tiled(in, target, fp, mode, cval)) return;
#endif
    correlate_run<B>(in, target, fp, mode, cval, reduce);
  });
  if (target.data() != out.data()) copy_into(target, out);
}

}  // namespace detail

namespace {

NDArray correlate_or_convolve(const NDArray& input, const NDArray& weights, const CorrelateOptions& o,
                              bool convolution) {
  const int nd = input.ndim();
  const std::vector<int> axes = detail::check_axes(o.axes, nd);
  NDArray w = detail::expand_to_ndim(weights.to(Device::cpu()).astype(DType::float64), axes, nd, "weights");
  const auto wshape_dims = std::count_if(w.shape().begin(), w.shape().end(), [](std::int64_t n) { return n > 0; });
  if (w.ndim() != nd || wshape_dims != nd)
    throw RuntimeError("weights.ndim (" + std::to_string(wshape_dims) + ") must match len(axes) (" +
                       std::to_string(axes.size()) + ")");
  std::vector<int> origin = detail::expand_origin(o.origin, axes, nd);
  if (convolution) {
    w = detail::reversed(w);
    for (int d = 0; d < nd; ++d) {
      auto& og = origin[static_cast<std::size_t>(d)];
      og = -og - (w.shape(d) % 2 == 0 ? 1 : 0);
    }
  }
  for (int d = 0; d < nd; ++d) {
    const std::int64_t n = w.shape(d), og = origin[static_cast<std::size_t>(d)];
    if (og < -(n / 2) || og > (n - 1) / 2)
      throw ValueError("Invalid origin; origin must satisfy -(weights.shape[k] // 2) <= origin[k] <= "
                       "(weights.shape[k]-1) // 2");
  }
  if (input.dtype() == DType::float16) throw RuntimeError("array type dtype('float16') not supported");

  const detail::Footprint fp = detail::make_footprint(w.contiguous(), origin);
  NDArray out = resolve_output(o.output, input, input.shape());
  detail::correlate_nd_into(input, out, fp, o.mode, o.cval, detail::Reduce::sum);
  return out;
}

}  // namespace

NDArray correlate(const NDArray& input, const NDArray& weights, const CorrelateOptions& options) {
  return correlate_or_convolve(input, weights, options, false);
}

NDArray convolve(const NDArray& input, const NDArray& weights, const CorrelateOptions& options) {
  return correlate_or_convolve(input, weights, options, true);
}

}  // namespace cupix::ndimage
