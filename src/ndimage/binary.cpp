// Binary morphology (scipy.ndimage.binary_*): each pass is the minimum (erosion) or maximum
// (dilation) filter of the input as bool over the structure, with mode 'constant' and the border
// value as constant; iterations, masks and the compound operations are composed here from those
// passes and NumPy-style element-wise steps (accumulate.hpp).
#include <algorithm>
#include <optional>
#include <string>

#include "accumulate.hpp"
#include "arguments.hpp"
#include "binary.hpp"
#include "cupix/core/error.hpp"
#include "cupix/ndimage.hpp"

namespace cupix::ndimage {

namespace {

using Options = BinaryMorphologyOptions;

NDArray logical_not(const NDArray& x) {
  NDArray out = detail::filled(x.shape(), true, x.device());
  detail::accumulate(out, x, detail::Accumulate::and_not);
  return out;
}

// The structure over every axis of the input and its origin, as the erosion core sees them.
struct Window {
  NDArray structure;  // bool, on the host, input.ndim dimensions
  std::vector<int> origin;
  bool empty;
  std::optional<detail::Footprint> footprint;  // for the GPU's own kernel (binary.hpp)
};

Window make_window(const NDArray& input, const NDArray& structure, const std::vector<int>& origin,
                   const std::optional<std::vector<int>>& axes_arg, bool dilation) {
  const int nd = input.ndim();
  const std::vector<int> axes = detail::check_axes(axes_arg, nd);
  const int n = static_cast<int>(axes.size());
  NDArray s = structure.defined() ? structure.to(Device::cpu()).astype(DType::bool_)
                                  : generate_binary_structure(n, 1);
  if (s.ndim() != n) {
    if (n < nd)
      throw RuntimeError("structure.ndim (" + std::to_string(s.ndim()) + ") must match len(axes) (" +
                         std::to_string(n) + ")");
    throw RuntimeError("structure and input must have same dimensionality");
  }
  if (s.size() < 1) throw RuntimeError("structure must not be empty");
  std::vector<int> o(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) o[static_cast<std::size_t>(i)] = detail::per_axis(origin, static_cast<std::size_t>(i), o.size(), "origin");
  if (dilation) {
    // Dilation is erosion by the reflected structure, origins mirrored (one further for even sizes).
    s = detail::reversed(s);
    for (int i = 0; i < n; ++i) o[static_cast<std::size_t>(i)] = -o[static_cast<std::size_t>(i)] - (s.shape(i) % 2 == 0 ? 1 : 0);
  }
  const NDArray full = detail::expand_to_ndim(s.contiguous(), axes, nd, "structure").contiguous();
  const bool* b = full.data_as<bool>();
  Window w{full, detail::expand_origin(o, axes, nd), std::none_of(b, b + full.size(), [](bool v) { return v; }), {}};
  if (input.device().is_cuda() && !w.empty) {
    detail::check_origins(full, w.origin);
    w.footprint = detail::make_footprint(full.astype(DType::float64), w.origin);
  }
  return w;
}

// One pass: x (bool) eroded or dilated once; an empty structure gives all true / all false.
NDArray pass(const NDArray& x, const Window& w, bool border, bool dilation) {
  if (w.empty) return detail::filled(x.shape(), !dilation, x.device());
  NDArray out = NDArray::empty(x.shape(), DType::bool_, x.device());
#if CUPIX_WITH_CUDA
  if (w.footprint && detail::binary_pass_tuned(x, out, *w.footprint, border, dilation)) return out;
#endif
  const MinMaxFilterOptions mo{{}, w.structure, out, {Mode::constant}, border ? 1.0 : 0.0, w.origin, std::nullopt};
  if (dilation) maximum_filter(x, mo);
  else minimum_filter(x, mo);
  return out;
}

// The result in `output` when it is an array (0/1 in its dtype), else as bool: SciPy ignores a
// dtype here.
NDArray deliver(const NDArray& result, const Output& output) {
  if (!std::holds_alternative<NDArray>(output)) return result;
  const NDArray& out = std::get<NDArray>(output);
  if (out.shape() != result.shape()) throw RuntimeError("output shape not correct");
  copy_into(result, out);
  return out;
}

NDArray binary(const NDArray& input, const Options& o, bool dilation) {
  const Window w = make_window(input, o.structure, o.origin, o.axes, dilation);
  NDArray mask;
  if (o.mask.defined()) {
    if (o.mask.shape() != input.shape()) throw RuntimeError("mask and input must have equal sizes");
    mask = o.mask.to(input.device()).astype(DType::bool_);
  }
  // A C-contiguous bool input is read as it is: the passes make new arrays.
  NDArray x = input.dtype() == DType::bool_ && input.is_c_contiguous() ? input : input.astype(DType::bool_), before;
  // Until nothing changes, for iterations < 1: at most one pass per element and two more, and a
  // 2-cycle (structures without their origin element can oscillate; SciPy then never stops)
  // ends with an error.
  const std::int64_t limit = o.iterations < 1 ? x.size() + 2 : o.iterations;
  for (std::int64_t it = 0; it < limit; ++it) {
    NDArray y = pass(x, w, o.border_value, dilation);
    if (mask.defined()) {  // masked-out pixels keep their value
      NDArray keep = x.copy();
      detail::accumulate(keep, mask, detail::Accumulate::and_not);
      detail::accumulate(y, mask, detail::Accumulate::logical_and);
      detail::accumulate(y, keep, detail::Accumulate::logical_or);
    }
    if (o.iterations < 1) {
      if (!detail::any_differ(x, y)) return deliver(y, o.output);
      if (before.defined() && !detail::any_differ(before, y))
        throw RuntimeError("binary morphology with iterations < 1 does not converge: the result alternates "
                           "(the structure lacks its origin element)");
      before = x;
    }
    x = y;
  }
  if (o.iterations < 1) throw RuntimeError("binary morphology with iterations < 1 does not converge");
  return deliver(x, o.output);
}

Options with(Options o, const Output& output) {
  o.output = output;
  return o;
}

}  // namespace

NDArray generate_binary_structure(int rank, int connectivity) {
  if (rank < 1) return detail::filled({}, true, Device::cpu());
  connectivity = std::max(connectivity, 1);
  NDArray s = NDArray::empty(Shape(static_cast<std::size_t>(rank), 3), DType::bool_);
  for (std::int64_t i = 0; i < s.size(); ++i) {
    int distance = 0;
    for (std::int64_t r = i, d = 0; d < rank; ++d, r /= 3) distance += r % 3 == 1 ? 0 : 1;
    s.data_as<bool>()[i] = distance <= connectivity;
  }
  return s;
}

NDArray iterate_structure(const NDArray& structure, int iterations) {
  const NDArray s = structure.to(Device::cpu());
  if (iterations < 2) return s.copy();
  const int ni = iterations - 1;
  Shape shape;
  for (int d = 0; d < s.ndim(); ++d) shape.push_back(s.shape(d) + ni * (s.shape(d) - 1));
  NDArray out = detail::filled(shape, false, Device::cpu());
  NDArray centre = out;
  for (int d = 0; d < s.ndim(); ++d) centre = centre.slice(d, ni * (s.shape(d) / 2), ni * (s.shape(d) / 2) + s.shape(d));
  const NDArray b = s.astype(DType::bool_);
  copy_into(b, centre);
  return binary_dilation(out, {.structure = b, .iterations = ni});
}

NDArray binary_erosion(const NDArray& input, const Options& o) { return binary(input, o, false); }
NDArray binary_dilation(const NDArray& input, const Options& o) { return binary(input, o, true); }
NDArray binary_opening(const NDArray& input, const Options& o) {
  return binary(binary(input, with(o, {}), false), o, true);
}
NDArray binary_closing(const NDArray& input, const Options& o) {
  return binary(binary(input, with(o, {}), true), o, false);
}
NDArray binary_propagation(const NDArray& input, const Options& o) {
  Options p = o;
  p.iterations = -1;
  return binary(input, p, true);
}

NDArray binary_fill_holes(const NDArray& input, const Options& o) {
  // The background reached from the border through the structure; the rest is filled.
  const Options flood{o.structure, -1, logical_not(input.astype(DType::bool_)), {}, true, o.origin, o.axes};
  return deliver(logical_not(binary(detail::filled(input.shape(), false, input.device()), flood, true)), o.output);
}

NDArray binary_hit_or_miss(const NDArray& input, const NDArray& structure1, const NDArray& structure2,
                           const Output& output, const std::vector<int>& origin1,
                           const std::optional<std::vector<int>>& origin2, const std::optional<std::vector<int>>& axes) {
  const int n = static_cast<int>(detail::check_axes(axes, input.ndim()).size());
  const NDArray s1 = structure1.defined() ? structure1.to(Device::cpu()).astype(DType::bool_)
                                          : generate_binary_structure(n, 1);
  NDArray s2 = structure2;
  if (!s2.defined()) {
    s2 = s1.copy();
    for (std::int64_t i = 0; i < s2.size(); ++i) s2.data_as<bool>()[i] = !s2.data_as<bool>()[i];
  }
  NDArray hit = binary(input, {.structure = s1, .origin = origin1, .axes = axes}, false);
  // structure2 must meet only background, and outside the array is background.
  const NDArray miss = binary(logical_not(input.astype(DType::bool_)),
                              {.structure = s2, .border_value = true, .origin = origin2.value_or(origin1), .axes = axes},
                              false);
  detail::accumulate(hit, miss, detail::Accumulate::logical_and);
  return deliver(hit, output);
}

}  // namespace cupix::ndimage
