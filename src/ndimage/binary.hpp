// Internal: the GPU's own kernel for one pass of binary erosion or dilation.
#pragma once
#include "correlate.hpp"
#include "cupix/core/ndarray.hpp"

namespace cupix::ndimage::detail {

// One erosion (AND over the footprint) or dilation (OR) of C-contiguous bool `in` into `out`,
// `border` outside the array, four neighbouring elements per 32-bit word (binary_cuda.cu).
// False, doing nothing, where it does not apply: not on a GPU, not C-contiguous, more than
// kMaxBinaryOffsets footprint elements or kMaxBinaryDims axes, offsets beyond int16.
bool binary_pass_tuned(const NDArray& in, const NDArray& out, const Footprint& fp, bool border, bool dilation);

}  // namespace cupix::ndimage::detail
