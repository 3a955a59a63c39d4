// Internal: the engine behind ndimage::value_indices.
#pragma once
#include "cupix/core/ndarray.hpp"

namespace cupix::ndimage::detail {

// arr's points grouped by value: `values` (arr's dtype), `starts` and `counts` (int64) describe
// each distinct value's run of columns of `coordinates` (int64 (ndim, arr.size()), on arr's
// device), which holds the points' coordinates sorted by value, C order within a value. values,
// starts and counts are on the host. Integer dtypes. Each backend's own
// (value_indices_{cpu.cpp,cuda.cu}).
struct ValueGroups {
  NDArray values, starts, counts, coordinates;
};
template <class B>
ValueGroups group_values_run(const NDArray& arr);

}  // namespace cupix::ndimage::detail
