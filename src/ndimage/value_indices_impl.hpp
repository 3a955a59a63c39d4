// value_indices, single-source part: C-order indices to coordinates.
#pragma once
#include "kernels/hd.hpp"
#include "value_indices.hpp"

namespace cupix::ndimage::detail {

struct Unravel {
  const std::int64_t* order;
  std::int64_t n;
  int ndim;
  std::int64_t shape[kMaxDims];
  std::int64_t* out;  // (ndim, n)
  CUPIX_HD void operator()(std::int64_t k) const {
    std::int64_t rest = order[k];
    for (int d = ndim - 1; d >= 0; --d) {
      const std::int64_t q = rest / shape[d];
      out[d * n + k] = rest - q * shape[d];
      rest = q;
    }
  }
};

template <class B>
NDArray unravel_run(const NDArray& order, const Shape& shape) {
  const int nd = static_cast<int>(shape.size());
  NDArray out = NDArray::empty({nd, order.size()}, DType::int64, order.device());
  Unravel op{order.data_as<std::int64_t>(), order.size(), nd, {}, out.data_as<std::int64_t>()};
  for (int d = 0; d < nd; ++d) op.shape[d] = shape[static_cast<std::size_t>(d)];
  if (nd > 0) B::parallel_for(order.size(), op);
  return out;
}

}  // namespace cupix::ndimage::detail
