// ndimage::label: argument rules of scipy.ndimage.label, then the union-find engine (label_impl.hpp).
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "cupix/core/dispatch.hpp"
#include "cupix/ndimage.hpp"
#include "label.hpp"

namespace cupix::ndimage {

namespace detail {

void check_label_fits(std::int64_t num_features, DType dtype) {
  if (dtype == DType::bool_ || is_floating(dtype)) return;  // SciPy casts to these without a check
  const bool fits = dispatch<IntegerTypes>(dtype, "label output", [&]<class O>(TypeTag<O>) {
    return static_cast<std::uint64_t>(num_features) <= static_cast<std::uint64_t>(std::numeric_limits<O>::max());
  });
  if (!fits) throw RuntimeError("insufficient bit-depth in requested output type");
}

}  // namespace detail

namespace {

// The true elements of `s` (3 x ... x 3, bool, C-contiguous) before its centre, as steps in an
// array of `shape`: faces first, then edges, then corners. A step is covered by an earlier one when
// the step between the two is in the structure too: once a point is united with the earlier
// neighbour, the later neighbour is united with that one by whichever of the two comes later, so
// the point need not look at it (in a full 3 x 3 x 3 cube one foreground face neighbour covers all
// twelve others).
detail::LabelNeighbors earlier_neighbors(const NDArray& s, const Shape& shape, Device device) {
  const int nd = s.ndim();
  const bool* b = s.data_as<bool>();
  std::vector<std::vector<int>> steps;
  for (std::int64_t k = 0; k < s.size() / 2; ++k) {  // C order: the centre is element size / 2
    if (!b[k]) continue;
    std::vector<int> step(static_cast<std::size_t>(nd));
    for (int d = nd - 1, rest = static_cast<int>(k); d >= 0; --d, rest /= 3) step[static_cast<std::size_t>(d)] = rest % 3 - 1;
    steps.push_back(step);
  }
  auto moves = [](const std::vector<int>& step) { return std::count_if(step.begin(), step.end(), [](int v) { return v != 0; }); };
  std::stable_sort(steps.begin(), steps.end(), [&](const auto& x, const auto& y) { return moves(x) < moves(y); });
  auto in_structure = [&](const std::vector<int>& step) {
    std::int64_t k = 0;
    for (int v : step) {
      if (v < -1 || v > 1) return false;
      k = 3 * k + v + 1;
    }
    return b[k];
  };
  const int count = static_cast<int>(steps.size());
  std::vector<std::int64_t> table(3 * static_cast<std::size_t>(count), 0);
  for (int j = 0; j < count; ++j) {
    const auto& step = steps[static_cast<std::size_t>(j)];
    std::int64_t off = 0, stride = 1;
    std::uint32_t cross = 0;
    for (int d = nd - 1; d >= 0; --d) {
      const int v = step[static_cast<std::size_t>(d)];
      off += v * stride;
      stride *= shape[static_cast<std::size_t>(d)];
      if (v < 0) cross |= 1u << (2 * d);
      if (v > 0) cross |= 2u << (2 * d);
    }
    std::uint64_t covers = 0;
    for (int e = 0; e < std::min(j, 64); ++e) {
      std::vector<int> between(step);
      for (int d = 0; d < nd; ++d) between[static_cast<std::size_t>(d)] -= steps[static_cast<std::size_t>(e)][static_cast<std::size_t>(d)];
      if (in_structure(between)) covers |= std::uint64_t{1} << e;
    }
    table[static_cast<std::size_t>(j)] = off;
    table[static_cast<std::size_t>(count + j)] = cross;
    table[static_cast<std::size_t>(2 * count + j)] = static_cast<std::int64_t>(covers);
  }
  if (table.empty()) table.push_back(0);  // an array of one element keeps the table non-empty
  return {NDArray::from_vector(table).to(device), table, count};
}

NDArray checked_structure(const NDArray& structure, int ndim) {
  NDArray s = structure.defined() ? structure.to(Device::cpu()).astype(DType::bool_).contiguous()
                                  : generate_binary_structure(ndim, 1);
  if (s.ndim() != ndim) throw RuntimeError("structure and input must have equal rank");
  for (int d = 0; d < ndim; ++d)
    if (s.shape(d) != 3) throw ValueError("structure dimensions must be equal to 3");
  const bool* b = s.data_as<bool>();
  for (std::int64_t k = 0; k < s.size(); ++k)
    if (b[k] != b[s.size() - 1 - k]) throw ValueError("structure must be symmetric");
  return s;
}

}  // namespace

LabelResult label(const NDArray& input, const NDArray& structure, const Output& output) {
  if (!input.defined()) throw ValueError("label: input is undefined");
  const NDArray s = checked_structure(structure, input.ndim());
  if (const auto* array = std::get_if<NDArray>(&output); array && array->shape() != input.shape())
    throw ValueError("output shape not correct");
  const bool need_64bits = input.size() >= (std::int64_t{1} << 31) - 2;
  const Output out_arg = std::holds_alternative<std::monostate>(output)
                             ? Output{need_64bits ? DType::int64 : DType::int32}
                             : output;
  const NDArray out = resolve_output(out_arg, input, input.shape());
  const detail::LabelNeighbors neighbors = earlier_neighbors(s, input.shape(), input.device());
  const std::int64_t count = backends::with_backend(input.device(), [&]<class B>(backends::Tag<B>) {
    return detail::label_run<B>(input, neighbors, out);
  });
  return {out, count};
}

}  // namespace cupix::ndimage
