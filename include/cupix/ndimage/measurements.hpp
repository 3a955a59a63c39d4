// cupix::ndimage measurements (scipy.ndimage._measurements): connected-component labelling.
#pragma once
#include <cstdint>

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

}  // namespace cupix::ndimage
