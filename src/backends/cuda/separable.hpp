// Tuned CUDA line filters for float32 (the hot path of every separable filter): shared-memory
// tiles with register blocking. Tested against the generic single-source kernel.
#pragma once
#include <vector>

#include "cupix/core/ndarray.hpp"
#include "ndimage/correlate1d.hpp"

namespace cupix::backends::cuda {

// Runs the tuned correlation when it applies (float32 in and out on one GPU, both C-contiguous,
// at most kMaxTaps weights) and returns true; returns false, doing nothing, otherwise.
bool correlate1d_tuned(const NDArray& in, const NDArray& out, const std::vector<double>& weights,
                       const ndimage::detail::Line1d& line);

// Fused pair of passes over the last two axes (axis ndim-2 first, then ndim-1, as SciPy orders
// them), one read and one write of the array; the intermediate stays in shared memory in float32,
// as SciPy stores it. Same conditions as correlate1d_tuned; returns false when they do not hold.
bool correlate_last_two_axes_tuned(const NDArray& in, const NDArray& out, const std::vector<double>& weights_y,
                                   const ndimage::detail::Line1d& line_y, const std::vector<double>& weights_x,
                                   const ndimage::detail::Line1d& line_x);

// Lets tests switch the tuned kernels off to compare them with the generic path.
void set_tuned_kernels_enabled(bool enabled);
bool tuned_kernels_enabled();

}  // namespace cupix::backends::cuda
