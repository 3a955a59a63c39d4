// Internal: the n-D correlation engine (any weights, any dimensions).
#pragma once
#include <cstdint>
#include <vector>

#include "cupix/core/ndarray.hpp"
#include "correlate1d.hpp"
#include "cupix/ndimage/mode.hpp"

namespace cupix::ndimage::detail {

// The weights that take part (|w| > DBL_EPSILON), each with its offset per dimension.
struct Footprint {
  std::vector<double> weights;
  std::vector<std::int32_t> offsets;  // weights.size() x ndim, row-major
  std::vector<std::int64_t> min_offset, max_offset;  // per dimension, over the footprint
};

// Correlates `in` into `out` (same shape and device, no overlap), or takes the minimum/maximum
// over the footprint. Defined in correlate_impl.hpp, instantiated in correlate_{cpu.cpp,cuda.cu}.
template <class B>
void correlate_run(const NDArray& in, const NDArray& out, const Footprint& fp, Mode mode, double cval, Reduce reduce);

// Builds the footprint of n-D weights (C-contiguous float64 on the host, input.ndim dimensions)
// with per-axis origins; weights of magnitude at most DBL_EPSILON are left out, as SciPy does.
// With `members` (C-contiguous bool, the weights' shape), exactly its true elements take part,
// whatever their weights (a grey structure may hold zeros).
Footprint make_footprint(const NDArray& weights, const std::vector<int>& origin, const NDArray& members = {});

// Runs correlate_run on the input's backend, through a temporary where out overlaps the input.
void correlate_nd_into(const NDArray& in, const NDArray& out, const Footprint& fp, Mode mode, double cval,
                       Reduce reduce);

// The GPU's tiled weighted sum for float32/float64 data (in and out of one dtype, the last axis
// contiguous) whose footprint lies in the last two axes (correlate_tiled_cuda.cu); false, doing
// nothing, where it does not apply.
bool correlate_tiled(const NDArray& in, const NDArray& out, const Footprint& fp, Mode mode, double cval);

}  // namespace cupix::ndimage::detail
