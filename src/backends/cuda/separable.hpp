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

// Lets tests switch the tuned kernels off to compare them with the generic path.
void set_tuned_kernels_enabled(bool enabled);
bool tuned_kernels_enabled();

}  // namespace cupix::backends::cuda
