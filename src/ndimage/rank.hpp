// Internal: the rank-filter engine (k-th smallest value over any footprint).
#pragma once
#include "correlate.hpp"
#include "cupix/core/ndarray.hpp"
#include "cupix/ndimage/mode.hpp"

namespace cupix::ndimage::detail {

// The footprint's offsets on the input's device: the window itself, and the sets that leave and
// enter the window when it moves one step along axis 0 (for the sliding histogram).
struct RankSets {
  NDArray offsets, linear, leave_offsets, leave_linear, enter_offsets, enter_linear;
  int leave_count = 0, enter_count = 0;
};
RankSets make_rank_sets(const NDArray& in, const Footprint& fp);

// Writes the rank-th smallest value of each point's window into `out` (same shape and device, no
// overlap). Defined in rank_impl.hpp, instantiated in rank_{cpu.cpp,cuda.cu}.
template <class B>
void rank_run(const NDArray& in, const NDArray& out, const Footprint& fp, int rank, Mode mode, double cval);

}  // namespace cupix::ndimage::detail
