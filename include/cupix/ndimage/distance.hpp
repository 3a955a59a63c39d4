// cupix::ndimage distance transforms (scipy.ndimage.distance_transform_edt).
#pragma once
#include <vector>

#include "cupix/core/ndarray.hpp"

namespace cupix::ndimage {

struct DistanceTransformEdtOptions {
  std::vector<double> sampling{};  // spacing along each axis: one value, one per axis, or empty (1)
  bool return_distances = true;
  bool return_indices = false;
  NDArray distances{};  // optional float64 array of the input's shape to write the distances into
  NDArray indices{};    // optional int32 array of shape (ndim,) + input's shape for the indices
};

struct DistanceTransformResult {
  NDArray distances;  // float64; undefined unless returned
  NDArray indices;    // int32, (ndim,) + shape; undefined unless returned
};

// Exact Euclidean distance transform (scipy.ndimage.distance_transform_edt): for each nonzero
// element, the distance to the nearest zero element, with axis spacings `sampling`, and with
// return_indices the coordinates of that zero element (where several are nearest, any of them:
// SciPy's choice among equals may differ). Computed per axis as lower envelopes of parabolas
// (Felzenszwalb & Huttenlocher), carrying each point's nearest zero and squared distance: exact
// without sampling, within rounding of SciPy's with it. A 0-d input
// is taken as 1-d, as SciPy does; without any zero element, every index is (-1, 0, ...), as SciPy's.
// A negative or NaN spacing raises ValueError (SciPy takes negative ones and then returns
// distances longer than the nearest). RuntimeError (as SciPy) when neither output is asked for, when `distances`/`indices` are given
// without their return flag, or have the wrong shape or dtype, or when sampling has the wrong length.
DistanceTransformResult distance_transform_edt(const NDArray& input, const DistanceTransformEdtOptions& options = {});

}  // namespace cupix::ndimage
