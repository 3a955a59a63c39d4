// Internal: the rank-filter engine (k-th smallest value over any footprint).
#pragma once
#include "correlate.hpp"
#include "cupix/core/ndarray.hpp"
#include "cupix/ndimage/mode.hpp"

namespace cupix::ndimage::detail {

// The footprint's offsets on the input's device, in one upload: the window's (count x ndim, and
// as linear offsets into the input) and, with `steps`, the sets that leave and enter the window
// when it moves one step along axis 0 (for the sliding histogram).
struct RankSets {
  NDArray table;  // int64, on in's device; the pointers below point into it
  const std::int64_t *offsets = nullptr, *linear = nullptr;
  const std::int64_t *leave_offsets = nullptr, *leave_linear = nullptr;
  const std::int64_t *enter_offsets = nullptr, *enter_linear = nullptr;
  int leave_count = 0, enter_count = 0;
};
RankSets make_rank_sets(const NDArray& in, const Footprint& fp, bool steps);

// Writes the rank-th smallest value of each point's window into `out` (same shape and device, no
// overlap). Defined in rank_impl.hpp, instantiated in rank_{cpu.cpp,cuda.cu}.
template <class B>
void rank_run(const NDArray& in, const NDArray& out, const Footprint& fp, int rank, Mode mode, double cval);

}  // namespace cupix::ndimage::detail
