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

Layout flat_layout_of(const NDArray& a) {
  const Layout full = layout_of(a);
  Layout l;
  for (int d = 0; d < full.ndim; ++d) {
    if (full.shape[d] == 1) continue;  // a length-1 axis does not move the offset
    if (l.ndim > 0 && l.strides[l.ndim - 1] == full.strides[d] * full.shape[d]) {
      l.shape[l.ndim - 1] *= full.shape[d];
      l.strides[l.ndim - 1] = full.strides[d];
    } else {
      l.shape[l.ndim] = full.shape[d];
      l.strides[l.ndim] = full.strides[d];
      ++l.ndim;
    }
  }
  return l;
}

}  // namespace cupix::kernels
