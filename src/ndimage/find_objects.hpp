// Internal: the engine behind ndimage::find_objects.
#pragma once
#include <cstdint>

#include "cupix/core/ndarray.hpp"

namespace cupix::ndimage::detail {

// The largest value of `input` (integers; bool as 0/1), as int64. Defined in find_objects_impl.hpp,
// instantiated in find_objects_{cpu.cpp,cuda.cu}.
template <class B>
std::int64_t max_label_run(const NDArray& input);

// For each point whose value v (truncated to an integer) lies in [1, max_label], lowers
// bounds[v - 1][2d] to its coordinate along axis d, raises bounds[v - 1][2d + 1] to it, and sets
// bounds[v - 1][2 ndim] to 1. `bounds` is int64 (max_label, 2 ndim + 1) on input's device.
template <class B>
void find_objects_run(const NDArray& input, std::int64_t max_label, const NDArray& bounds);

}  // namespace cupix::ndimage::detail
