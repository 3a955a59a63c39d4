#include "arguments.hpp"

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

}  // namespace cupix::ndimage::detail
