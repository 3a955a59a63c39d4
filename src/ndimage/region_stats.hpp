// Internal: the engine behind the measurements of scipy.ndimage (sum_labels, mean, variance,
// minimum, maximum, their positions, center_of_mass, histogram): one or two passes over the points
// that accumulate a table row per region with atomics.
#pragma once
#include <cstdint>

#include "cupix/core/ndarray.hpp"

namespace cupix::ndimage::detail {

// How a point finds its region (a row of the tables), from its label:
enum class RegionMode : int {
  all,       // no labels: every point is region 0
  positive,  // region 0 holds the points whose label is > 0
  keys,      // the region is the label's position among `keys` (sorted, distinct int64), if there
  identity,  // the label minus `first` is the region, if in [0, count): consecutive keys, and the
             // ids that region_ids writes (first 0)
};

struct Regions {
  RegionMode mode = RegionMode::all;
  NDArray labels;        // int32 or int64, the input's shape (broadcast strides allowed); not for `all`
  NDArray keys;          // int64, on the input's device, for `keys`
  std::int64_t count = 1;  // number of regions
  std::int64_t first = 0;  // for `identity`
};

// The int32 region id of each point (or -1) for labels of the other dtypes, as a C-contiguous
// array of their shape: `keys` (sorted, distinct; int64 for bool and signed labels and for
// unsigned ones up to 32 bits, uint64 for uint64 labels, float64 for float labels) or, when keys is
// undefined, 0 for labels > 0. float16 labels come as float32.
template <class B>
NDArray region_ids_run(const NDArray& labels, const NDArray& keys);

// What to compute. sums: count and sum; centered: sum of squared deviations from the region's
// mean (needs sums); extrema: minimum and maximum keys (kernels::OrderedKey, widened to 64 bits);
// positions: the first point in C order holding each (needs extrema); moments: sum of value x
// coordinate per axis (needs sums).
enum Wanted : unsigned { kSums = 1, kCentered = 2, kExtrema = 4, kPositions = 8, kMoments = 16 };

// One row per region, on the input's device; the tables not wanted are undefined.
struct RegionTables {
  NDArray count;                // int64
  NDArray sum;                  // int64 (bool, signed), uint64 (unsigned: wrapping, as NumPy) or float64
  NDArray centered;             // float64
  NDArray min_key, max_key;     // uint64
  NDArray min_pos, max_pos;     // int64, C-order index
  NDArray moments;              // float64 (count, ndim)
};

// `input`: any dtype but float16 (callers pass float32 copies), the broadcast shape.
template <class B>
RegionTables region_stats_run(const NDArray& input, const Regions& regions, unsigned wanted);

// Counts per region of the values v (as float64) in each bin of `edges` (float64, bins + 1,
// non-decreasing, on the input's device): bin k holds edges[k] <= v < edges[k + 1], the last bin
// also v == edges[bins] (numpy.histogram's rule). int64 (count, bins).
template <class B>
NDArray region_histogram_run(const NDArray& input, const Regions& regions, const NDArray& edges);

// For each region r with counts[r] > 0 (int64, host), the keys (kernels::OrderedKey of the input's
// dtype, widened) of its values of rank (counts[r] - 1) / 2 and counts[r] / 2 in ascending order,
// NaN last: uint64 (count, 2) on the host. Each backend's own (region_median_{cpu.cpp,cuda.cu}).
template <class B>
NDArray region_middle_keys_run(const NDArray& input, const Regions& regions, const NDArray& counts);

}  // namespace cupix::ndimage::detail
