// SciPy's `output` argument: nothing (same dtype as the input), a dtype, or an array to write into.
#pragma once
#include <variant>

#include "cupix/core/ndarray.hpp"

namespace cupix::ndimage {

using Output = std::variant<std::monostate, DType, NDArray>;

// The array a function writes to: `output` itself when it is an array (its shape must be `shape`,
// else RuntimeError as in SciPy), else a new array of the chosen dtype on `input`'s device.
NDArray resolve_output(const Output& output, const NDArray& input, const Shape& shape);

}  // namespace cupix::ndimage
