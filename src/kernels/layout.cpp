#include "hd.hpp"

#include "cupix/core/error.hpp"

namespace cupix::kernels {

Layout layout_of(const NDArray& a) {
  if (a.ndim() > kMaxDims)
    throw ValueError("arrays of more than " + std::to_string(kMaxDims) + " dimensions are not supported, got " +
                     std::to_string(a.ndim()));
  Layout l;
  l.ndim = a.ndim();
  for (int d = 0; d < a.ndim(); ++d) {
    l.shape[d] = a.shape()[static_cast<std::size_t>(d)];
    l.strides[d] = a.strides()[static_cast<std::size_t>(d)];
  }
  return l;
}

}  // namespace cupix::kernels
