// Internal: the line-filter engine shared by every separable filter: weighted sums (correlate1d,
// the Gaussian, uniform and derivative filters) and window minima/maxima.
#pragma once
#include <vector>

#include "cupix/core/ndarray.hpp"
#include "cupix/ndimage.hpp"
#include "cupix/ndimage/mode.hpp"

namespace cupix::ndimage::detail {

// What a line pass computes over its window: the weighted sum, or the minimum or maximum of the
// window (weights then only give the window's length). The n-D engine also takes the minimum of
// value - weight and the maximum of value + weight (grey erosion/dilation by a structure).
enum class Reduce { sum, minimum, maximum, min_difference, max_sum };

struct Line1d {
  int axis;  // normalised
  Mode mode;
  double cval;
  int origin;  // checked against the weights' length
  Reduce reduce = Reduce::sum;
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

// A pass over `size` neighbours, each weighted `weight` (for sums) — SciPy's checks of the size
// and origin of uniform, minimum and maximum filters included.
LinePass window_pass(int size, double weight, int axis, Mode mode, double cval, int origin, Reduce reduce);

// uniform_filter1d / minimum_filter1d / maximum_filter1d: one window pass along options.axis.
NDArray window_filter1d(const NDArray& input, int size, double weight, const Correlate1dOptions& options,
                        Reduce reduce);

// Runs `passes` in order from `input` into `out` (same shape and device), ping-ponging through one
// temporary; consecutive passes over the last two axes run fused where a kernel exists. As in
// SciPy, every intermediate is stored in out's dtype. No passes: out becomes a copy of input.
void run_passes(const NDArray& input, const NDArray& out, const std::vector<LinePass>& passes);

// True when correlate_pair_into can fuse `first` then `second` over an ndim-dimensional array on
// `device` (the same reduction along the last two axes, in that order).
bool pair_is_fusable(Device device, int ndim, const LinePass& first, const LinePass& second);

}  // namespace cupix::ndimage::detail
