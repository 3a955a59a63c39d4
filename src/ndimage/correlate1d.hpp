// Internal: the correlate1d engine shared by correlate1d, gaussian_filter1d and gaussian_filter.
#pragma once
#include <vector>

#include "cupix/core/ndarray.hpp"
#include "cupix/ndimage/mode.hpp"

namespace cupix::ndimage::detail {

struct Line1d {
  int axis;  // normalised
  Mode mode;
  double cval;
  int origin;  // checked against the weights' length
};

// Generic single-source correlation of `in` into `out` (same shape and device, no overlap).
// Defined in correlate1d_impl.hpp, instantiated in correlate1d_{cpu.cpp,cuda.cu}.
template <class B>
void correlate1d_run(const NDArray& in, const NDArray& out, const std::vector<double>& weights, const Line1d& line);

// Checks the arguments, handles output aliasing the input, and runs the backend of the input.
void correlate1d_into(const NDArray& in, const NDArray& out, const std::vector<double>& weights, const Line1d& line);

// One pass of a separable filter.
struct LinePass {
  std::vector<double> weights;
  Line1d line;
};

// Two passes in a row, src -> dst (the first along axis ndim-2, the second along ndim-1): fused
// into one kernel on the GPU where the tuned kernel applies, else two passes through a temporary.
void correlate_pair_into(const NDArray& src, const NDArray& dst, const LinePass& first, const LinePass& second);

// Runs `passes` in order from `input` into `out` (same shape and device), ping-ponging through one
// temporary; consecutive passes over the last two axes run fused where a kernel exists. As in
// SciPy, every intermediate is stored in out's dtype. No passes: out becomes a copy of input.
void run_passes(const NDArray& input, const NDArray& out, const std::vector<LinePass>& passes);

// True when correlate_pair_into can take passes along `first_axis` then `second_axis` of an
// ndim-dimensional array on `device` (the fused kernel exists for that case).
bool pair_is_fusable(Device device, int ndim, int first_axis, int second_axis);

}  // namespace cupix::ndimage::detail
