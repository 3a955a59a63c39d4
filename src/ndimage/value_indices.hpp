// Internal: the engine behind ndimage::value_indices.
#pragma once
#include "cupix/core/ndarray.hpp"

namespace cupix::ndimage::detail {

// arr's points grouped by value: `order` (int64, arr.size(), on arr's device) holds their C-order
// indices sorted by value, C order within a value; `values` (arr's dtype), `starts` and `counts`
// (int64) describe each distinct value's run of `order`, on the host. Integer dtypes.
struct ValueGroups {
  NDArray order, values, starts, counts;
};
// Each backend's own (value_indices_{cpu.cpp,cuda.cu}).
template <class B>
ValueGroups group_values_run(const NDArray& arr);

// The coordinates (int64 (ndim, n)) of the C-order indices `order` (n) in an array of `shape`.
// Defined in value_indices_impl.hpp.
template <class B>
NDArray unravel_run(const NDArray& order, const Shape& shape);

}  // namespace cupix::ndimage::detail
