// Internal: the connected-component labelling engine behind ndimage::label.
#pragma once
#include <cstdint>
#include <vector>

#include "cupix/core/ndarray.hpp"

namespace cupix::ndimage::detail {

// The neighbours that come before a point in C order: step k is at linear offset offset[k]
// (negative), exists unless the point lies on an edge in crosses[k] (bit 2d: first index of axis d,
// bit 2d + 1: last index), and need not be looked at when a foreground neighbour at an earlier
// step in covers[k] (bit e: step e, e < 64) was united (label.cpp says why).
struct LabelNeighbors {
  NDArray table;  // int64 [offset..., crosses..., covers...], on the input's device
  std::vector<std::int64_t> host;  // the same, on the host
  int count = 0;
};

// Raises RuntimeError ("insufficient bit-depth") when `num_features` does not fit `dtype`.
void check_label_fits(std::int64_t num_features, DType dtype);

// Labels the nonzero elements of `input` into `out` (same shape and device) and returns the number
// of components. Defined in label_impl.hpp, instantiated in label_{cpu.cpp,cuda.cu}.
template <class B>
std::int64_t label_run(const NDArray& input, const LabelNeighbors& neighbors, const NDArray& out);

// The backends' own step: labels the nonzero points of `input` into `lab` (uninitialised, C order,
// n points). On return lab[i] is -1 for the background, and for a point of the k-th component
// (from 0, in the C order of first points) -(k + 2) itself or an index x with table[x] == -(k + 2);
// `table` is a new array, or undefined when it is lab itself.
struct Components {
  NDArray table;
  std::int64_t count = 0;
};
template <class B, class I>
Components label_components(const NDArray& input, I* lab, I n, const LabelNeighbors& neighbors);

}  // namespace cupix::ndimage::detail
