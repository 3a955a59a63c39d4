// cupix::ndimage measurements (scipy.ndimage._measurements): connected-component labelling and
// the objects' bounding boxes.
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

}  // namespace cupix::ndimage
