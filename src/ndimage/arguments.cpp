#include "arguments.hpp"

#include <algorithm>
#include <string>

namespace cupix::ndimage::detail {

std::vector<int> check_axes(const std::optional<std::vector<int>>& axes, int ndim) {
  std::vector<int> out;
  if (!axes) {
    for (int d = 0; d < ndim; ++d) out.push_back(d);
    return out;
  }
  std::vector<bool> seen(static_cast<std::size_t>(ndim), false);
  for (int a : *axes) {
    if (a < -ndim || a >= ndim) throw ValueError("specified axis: " + std::to_string(a) + " is out of range");
    a = a < 0 ? a + ndim : a;
    if (seen[static_cast<std::size_t>(a)]) throw ValueError("axes must be unique");
    seen[static_cast<std::size_t>(a)] = true;
    out.push_back(a);
  }
  return out;
}

NDArray expand_to_ndim(const NDArray& a, const std::vector<int>& axes, int ndim, const char* what) {
  if (a.ndim() != static_cast<int>(axes.size()))
    throw RuntimeError(std::string(what) + ".ndim (" + std::to_string(a.ndim()) + ") must match len(axes) (" +
                       std::to_string(axes.size()) + ")");
  if (static_cast<int>(axes.size()) == ndim) return a;
  std::vector<int> sorted = axes;
  std::sort(sorted.begin(), sorted.end());
  Shape shape(static_cast<std::size_t>(ndim), 1);
  for (std::size_t j = 0; j < sorted.size(); ++j)
    shape[static_cast<std::size_t>(sorted[j])] = a.shape(static_cast<int>(j));
  return a.contiguous().reshape(shape);
}

void check_origin(std::int64_t size, std::int64_t origin) {
  if (size / 2 + origin < 0 || size / 2 + origin >= size) throw ValueError("invalid origin");
}

void check_origins(const NDArray& window, const std::vector<int>& origin) {
  for (int d = 0; d < window.ndim(); ++d) check_origin(window.shape(d), origin[static_cast<std::size_t>(d)]);
}

void check_same_device(const NDArray& a, const NDArray& input, const char* what) {
  if (a.device() != input.device())
    throw ValueError(std::string(what) + " is on " + a.device().str() + " but the input is on " + input.device().str());
}

NDArray filled(const Shape& shape, bool value, Device device) {
  NDArray a = NDArray::empty(shape, DType::bool_);
  std::fill_n(a.data_as<bool>(), a.size(), value);
  return a.to(device);
}

NDArray reversed(const NDArray& a) {
  NDArray r = a;
  for (int d = 0; d < r.ndim(); ++d) r = r.slice(d, -1, -r.shape(d) - 1, -1);
  return r.copy();
}

std::vector<int> expand_origin(const std::vector<int>& origin, const std::vector<int>& axes, int ndim) {
  std::vector<int> full(static_cast<std::size_t>(ndim), 0);
  for (std::size_t j = 0; j < axes.size(); ++j)
    full[static_cast<std::size_t>(axes[j])] = per_axis(origin, j, axes.size(), "origin");
  return full;
}

void check_return_flags(bool return_distances, bool return_indices, bool distances_given, bool indices_given) {
  std::string message;
  auto add = [&](const char* m) { message += (message.empty() ? "" : ", ") + std::string(m); };
  if (!return_distances && !return_indices) add("at least one of return_distances/return_indices must be True");
  if (distances_given && !return_distances) add("return_distances must be True if distances is supplied");
  if (indices_given && !return_indices) add("return_indices must be True if indices is supplied");
  if (!message.empty()) throw RuntimeError(message);
}

}  // namespace cupix::ndimage::detail
