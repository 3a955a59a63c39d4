// Minimum and maximum filters: the line engine with a min/max reduction for boxes, the n-D
// engine for other footprints.
#include <algorithm>

#include "arguments.hpp"
#include "correlate.hpp"
#include "cupix/core/error.hpp"
#include "cupix/ndimage.hpp"

namespace cupix::ndimage {

namespace {

NDArray filter(const NDArray& input, const MinMaxFilterOptions& o, detail::Reduce reduce) {
  const int nd = input.ndim();
  const std::vector<int> axes = detail::check_axes(o.axes, nd);
  NDArray out = resolve_output(o.output, input, input.shape());
  std::vector<int> size = o.size;
  if (o.footprint.defined()) {
    const NDArray fp = o.footprint.to(Device::cpu()).astype(DType::bool_);
    const bool* f = fp.data_as<bool>();
    const std::int64_t on = std::count(f, f + fp.size(), true);
    if (on == 0) throw ValueError("All-zero footprint is not supported.");
    if (on == fp.size()) {
      size.assign(fp.shape().begin(), fp.shape().end());  // a box: separable
    } else {
      if (o.mode.size() > 1) throw RuntimeError("A sequence of modes is not supported for non-separable footprints");
      const NDArray full = detail::expand_to_ndim(fp.astype(DType::float64), axes, nd, "footprint");
      const std::vector<int> origin = detail::expand_origin(o.origin, axes, nd);
      detail::check_origins(full, origin);
      const detail::Footprint footprint = detail::make_footprint(full, origin);
      detail::correlate_nd_into(input, out, footprint, o.mode[0], o.cval, reduce);
      return out;
    }
  } else if (size.empty()) {
    throw RuntimeError("no footprint provided");
  }
  std::vector<detail::LinePass> passes;
  for (std::size_t i = 0; i < axes.size(); ++i) {
    const int s = detail::per_axis(size, i, axes.size(), "size");
    if (s > 1)
      passes.push_back(detail::window_pass(s, 1.0, axes[i], detail::per_axis(o.mode, i, axes.size(), "mode"), o.cval,
                                   detail::per_axis(o.origin, i, axes.size(), "origin"), reduce));
  }
  detail::run_passes(input, out, passes);
  return out;
}

}  // namespace

NDArray minimum_filter1d(const NDArray& input, int size, const Correlate1dOptions& o) {
  return detail::window_filter1d(input, size, 1.0, o, detail::Reduce::minimum);
}
NDArray maximum_filter1d(const NDArray& input, int size, const Correlate1dOptions& o) {
  return detail::window_filter1d(input, size, 1.0, o, detail::Reduce::maximum);
}
NDArray minimum_filter(const NDArray& input, const MinMaxFilterOptions& o) {
  return filter(input, o, detail::Reduce::minimum);
}
NDArray maximum_filter(const NDArray& input, const MinMaxFilterOptions& o) {
  return filter(input, o, detail::Reduce::maximum);
}

}  // namespace cupix::ndimage
