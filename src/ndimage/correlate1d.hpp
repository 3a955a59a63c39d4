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

}  // namespace cupix::ndimage::detail
