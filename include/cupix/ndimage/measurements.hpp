// cupix::ndimage measurements (scipy.ndimage._measurements): connected-component labelling, the
// objects' bounding boxes, and statistics of the values in labelled regions.
#pragma once
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "cupix/core/ndarray.hpp"
#include "cupix/ndimage/output.hpp"

namespace cupix::ndimage {

struct LabelResult {
  NDArray labels;                 // the output array (the caller's own when `output` is an array)
  std::int64_t num_features = 0;  // the largest label
};

// Labels the connected components of the nonzero elements (NaN counts as nonzero) of an array of
// any real dtype and any rank (scipy.ndimage.label). Two elements connect when their offset is a
// true element of `structure` (3 along every axis, as many axes as the input; default: the cross
// of connectivity 1). Labels run 1..num_features in the order of each component's first element
// in C order, exactly as SciPy numbers them; background is 0. The output is int32 (int64 from
// 2**31 - 2 elements on) unless `output` names a dtype or an array; a label that does not fit an
// integer output raises RuntimeError ("insufficient bit-depth"), as SciPy. Errors as SciPy:
// RuntimeError when the structure's rank differs, ValueError for a dimension other than 3 or an
// output of the wrong shape. SciPy asserts that the structure is symmetric (AssertionError); here
// an asymmetric structure raises ValueError.
LabelResult label(const NDArray& input, const NDArray& structure = {}, const Output& output = {});

// The [start, stop) range of each axis that an object covers.
using ObjectSlices = std::vector<std::pair<std::int64_t, std::int64_t>>;

// Bounding boxes of the labelled objects (scipy.ndimage.find_objects): element k - 1 is the box of
// label k for k = 1 .. max_label (default: the largest value in the input), or nullopt where label
// k does not occur. Integer and bool inputs; float values are truncated toward zero, as SciPy does
// when max_label is given. Labels below 1 or above max_label are ignored. With max_label < 1 the
// input must hold integers (TypeError otherwise, as SciPy) and must not be empty (ValueError).
std::vector<std::optional<ObjectSlices>> find_objects(const NDArray& input, std::int64_t max_label = 0);

// Statistics over labelled regions (sum_labels ... histogram) choose their regions from `labels`
// and `index` as SciPy does:
//  - labels undefined: the whole input is one region (index is ignored, as in SciPy);
//  - index undefined: one region, the points whose label is > 0;
//  - index 0-d: one region, the points whose label equals it;
//  - index of rank >= 1: one region per element, and the results have index's shape (plus a last
//    axis for positions, centres and histograms).
// `labels` broadcasts with `input` (NumPy's rules; positions and centres are in the broadcast
// shape) and must be on the same device. Integer and bool labels match index values converted to
// int64 (a float index truncates, as in SciPy's common path; uint64 labels compare as uint64);
// float labels match them as float64. Results are on the input's device; one-region results are
// 0-d. The dtypes are SciPy's (see each function). Work is a pass over the points
// (two for variances and positions) with atomic updates of a row per region.

// Number of points in each region (int64). Not in SciPy: histogram's Python face uses it to give
// None for absent labels as SciPy does, and C++ callers may want it too.
NDArray count_labels(const NDArray& input, const NDArray& labels = {}, const NDArray& index = {});

// Sum of the values in each region. One region: int64 for bool and signed inputs, uint64 for
// unsigned ones (both wrapping as NumPy's sums), else the input's dtype; per element: float64.
NDArray sum_labels(const NDArray& input, const NDArray& labels = {}, const NDArray& index = {});
// sum / count as float64; NaN for an empty region (SciPy warns and gives NaN too).
NDArray mean(const NDArray& input, const NDArray& labels = {}, const NDArray& index = {});
// Mean squared deviation from the region's mean, float64 (two passes: the means, then the
// deviations). NaN for an empty region.
NDArray variance(const NDArray& input, const NDArray& labels = {}, const NDArray& index = {});
// The square root of variance.
NDArray standard_deviation(const NDArray& input, const NDArray& labels = {}, const NDArray& index = {});

// Smallest and largest values, in the input's dtype. One region: NaN when the region holds a NaN
// (NumPy's min and max); ValueError when it is empty. Per element: NaN sorts above every number
// (SciPy sorts the values), so the minimum skips NaNs unless all are NaN and the maximum is NaN
// when any is; an empty region gives 0, as SciPy.
NDArray minimum(const NDArray& input, const NDArray& labels = {}, const NDArray& index = {});
NDArray maximum(const NDArray& input, const NDArray& labels = {}, const NDArray& index = {});
// Coordinates (int64, last axis of length ndim) of the first point in C order holding the region's
// minimum or maximum in the per-element order above, so NaNs too: SciPy raises IndexError for a
// one-region input holding NaN. An empty region: ValueError for one region, zeros per element.
NDArray minimum_position(const NDArray& input, const NDArray& labels = {}, const NDArray& index = {});
NDArray maximum_position(const NDArray& input, const NDArray& labels = {}, const NDArray& index = {});

// Median: the middle value, or the mean of the two middle values, of each region (NaN last in the
// order, as SciPy sorts). float64 for bool and integer inputs, else the input's dtype; NaN for an
// empty region (SciPy gives NaN for one empty region, and an arbitrary value of the input for a
// label of index that does not occur) and for one region holding NaN (numpy.median). The values
// are grouped by region (a counting sort on the CPU, radix sorts on the GPU) and selected.
NDArray median(const NDArray& input, const NDArray& labels = {}, const NDArray& index = {});

struct Extrema {
  NDArray minimums, maximums, minimum_positions, maximum_positions;
};
// minimum, maximum, minimum_position and maximum_position in one pass (two with positions).
Extrema extrema(const NDArray& input, const NDArray& labels = {}, const NDArray& index = {});

// Sum of value x coordinate per axis over sum of values (float64, last axis of length ndim):
// inf or NaN where the values sum to 0, as SciPy.
NDArray center_of_mass(const NDArray& input, const NDArray& labels = {}, const NDArray& index = {});

// Counts (int64, last axis of length bins) of the values in `bins` equal bins between min and max
// (edges numpy.linspace(min, max, bins + 1); numpy.histogram's rule: the last bin includes max,
// values outside and NaNs are not counted; none for a NaN bound). No bins for bins 0 or -1;
// ValueError for smaller ones and for max < min, as SciPy.
NDArray histogram(const NDArray& input, double min, double max, std::int64_t bins, const NDArray& labels = {},
                  const NDArray& index = {});

// The points of each distinct value (scipy.ndimage.value_indices): `values` lists the distinct
// values of `arr` in ascending order (arr's dtype, on the host), except `ignore_value` (converted to
// arr's dtype as a C cast); the points holding values[k] are columns starts[k] .. starts[k] +
// counts[k] - 1 of `coordinates` (int64 (ndim, points), on arr's device), in C order. Integer
// inputs only (ValueError otherwise, as SciPy). Points are grouped by a stable sort of their
// values: a counting sort on the CPU when the values span a small range, a radix sort on the GPU.
struct ValueIndices {
  NDArray values, starts, counts, coordinates;
};
ValueIndices value_indices(const NDArray& arr, std::optional<std::int64_t> ignore_value = std::nullopt);

}  // namespace cupix::ndimage
