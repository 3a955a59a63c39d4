// Grey-scale morphology (scipy.ndimage.grey_*): flat windows are the minimum and maximum filters;
// structures (non-flat windows) run on the n-D engine as min(value - s) / max(value + s). The
// compound operations combine those with NumPy's element-wise semantics (accumulate.hpp).
#include <algorithm>
#include <string>

#include "accumulate.hpp"
#include "arguments.hpp"
#include "correlate.hpp"
#include "cupix/core/error.hpp"
#include "cupix/ndimage.hpp"

namespace cupix::ndimage {

namespace {

using Options = GreyMorphologyOptions;

NDArray grey(const NDArray& input, Options o, bool dilation) {
  if (o.size.empty() && !o.footprint.defined() && !o.structure.defined())
    throw ValueError("size, footprint, or structure must be specified");
  const int nd = input.ndim();
  const std::vector<int> axes = detail::check_axes(o.axes, nd);
  const std::size_t n = axes.size();
  NDArray fp = o.footprint.defined() ? o.footprint.to(Device::cpu()).astype(DType::bool_) : NDArray{};
  NDArray st = o.structure.defined() ? o.structure.to(Device::cpu()).astype(DType::float64) : NDArray{};
  for (const NDArray* a : {&fp, &st})
    if (a->defined() && a->ndim() != static_cast<int>(n))
      throw RuntimeError(std::string(a == &fp ? "footprint" : "structure") + ".ndim (" + std::to_string(a->ndim()) +
                         ") must match len(axes) (" + std::to_string(n) + ")");
  if (dilation) {
    // Dilation reflects the window through its centre: the footprint and structure reversed, each
    // origin mirrored (one further for even sizes), as SciPy does.
    std::vector<int> origin(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto d = static_cast<int>(i);
      const std::int64_t size = fp.defined()   ? fp.shape(d)
                                : st.defined() ? st.shape(d)
                                               : detail::per_axis(o.size, i, n, "size");
      origin[i] = -detail::per_axis(o.origin, i, n, "origin") - (size % 2 == 0 ? 1 : 0);
    }
    o.origin = origin;
    if (fp.defined()) fp = detail::reversed(fp);
    if (st.defined()) st = detail::reversed(st);
  }
  if (!st.defined()) {
    const MinMaxFilterOptions mo{o.size, fp, o.output, o.mode, o.cval, o.origin, o.axes};
    return dilation ? maximum_filter(input, mo) : minimum_filter(input, mo);
  }
  if (!fp.defined()) fp = detail::filled(st.shape(), true);
  if (fp.shape() != st.shape()) throw RuntimeError("structure array has incorrect shape");
  const NDArray members = detail::expand_to_ndim(fp.contiguous(), axes, nd, "footprint");
  const bool* m = members.data_as<bool>();
  if (std::none_of(m, m + members.size(), [](bool b) { return b; }))
    throw ValueError("All-zero footprint is not supported.");
  if (o.mode.size() > 1) throw RuntimeError("A sequence of modes is not supported for non-separable footprints");
  const std::vector<int> origin = detail::expand_origin(o.origin, axes, nd);
  detail::check_origins(members, origin);
  const detail::Footprint footprint =
      detail::make_footprint(detail::expand_to_ndim(st.contiguous(), axes, nd, "structure"), origin, members);
  NDArray out = resolve_output(o.output, input, input.shape());
  detail::correlate_nd_into(input, out, footprint, o.mode[0], o.cval,
                            dilation ? detail::Reduce::max_sum : detail::Reduce::min_difference);
  return out;
}

Options without_output(Options o) {
  o.output.emplace<std::monostate>();
  return o;
}

// `a` in `like`'s dtype (a copy only where the dtypes differ).
NDArray in_dtype_of(const NDArray& a, const NDArray& like) {
  return a.dtype() == like.dtype() ? a : a.astype(like.dtype());
}

void require_subtractable(const NDArray& input) {
  if (input.dtype() == DType::bool_)
    throw TypeError("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` "
                    "operator, or the logical_xor function instead.");
}

// The array that morphological_gradient / _laplace write: `output` if it is an array, else the
// erosion in the input's dtype (a dtype output is ignored there, as in SciPy).
NDArray erosion_for_difference(const NDArray& input, const Options& o) {
  return grey(input, std::holds_alternative<NDArray>(o.output) ? o : without_output(o), false);
}

// input - opening (white) or closing - input (black); exclusive or for bool input and result.
NDArray tophat(const NDArray& input, const Options& o, bool white) {
  NDArray out = white ? grey_opening(input, o) : grey_closing(input, o);
  const bool both_bool = input.dtype() == DType::bool_ && out.dtype() == DType::bool_;
  const auto op = both_bool ? detail::Accumulate::logical_xor
                  : white   ? detail::Accumulate::subtract_from
                            : detail::Accumulate::subtract;
  detail::accumulate(out, in_dtype_of(input, out), op);
  return out;
}

}  // namespace

NDArray grey_erosion(const NDArray& input, const Options& o) { return grey(input, o, false); }
NDArray grey_dilation(const NDArray& input, const Options& o) { return grey(input, o, true); }
NDArray grey_opening(const NDArray& input, const Options& o) {
  return grey(grey(input, without_output(o), false), o, true);
}
NDArray grey_closing(const NDArray& input, const Options& o) {
  return grey(grey(input, without_output(o), true), o, false);
}

NDArray morphological_gradient(const NDArray& input, const Options& o) {
  require_subtractable(input);
  const NDArray dilated = grey(input, without_output(o), true);
  NDArray out = erosion_for_difference(input, o);
  detail::accumulate(out, in_dtype_of(dilated, out), detail::Accumulate::subtract_from);
  return out;
}

NDArray morphological_laplace(const NDArray& input, const Options& o) {
  require_subtractable(input);
  const NDArray dilated = grey(input, without_output(o), true);
  NDArray out = erosion_for_difference(input, o);
  detail::accumulate(out, in_dtype_of(dilated, out), detail::Accumulate::add);
  const NDArray x = in_dtype_of(input, out);
  detail::accumulate(out, x, detail::Accumulate::subtract);
  detail::accumulate(out, x, detail::Accumulate::subtract);
  return out;
}

NDArray white_tophat(const NDArray& input, const Options& o) { return tophat(input, o, true); }
NDArray black_tophat(const NDArray& input, const Options& o) { return tophat(input, o, false); }

}  // namespace cupix::ndimage
