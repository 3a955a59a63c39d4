// cupix::ndimage distance transforms (scipy.ndimage.distance_transform_edt, distance_transform_cdt).
#pragma once
#include <string>
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

struct DistanceTransformCdtOptions {
  std::string metric = "chessboard";  // or "taxicab" (also "cityblock", "manhattan")
  NDArray structure{};  // instead of `metric`: a 3 x ... x 3 array of the input's rank, nonzero = neighbour
  bool return_distances = true;
  bool return_indices = false;
  NDArray distances{};  // optional int32 array of the input's shape to write the distances into
  NDArray indices{};    // optional int32 array of shape (ndim,) + input's shape for the indices
};

// Chamfer distance transform (scipy.ndimage.distance_transform_cdt): for each nonzero element,
// the fewest steps through the metric's neighbourhood to a zero element (int32; -1 where none is
// reached), and with return_indices that zero's coordinates (int32, (ndim,) + shape; a point's
// own where none is reached).
// - chessboard (every neighbour) and taxicab (face neighbours), any rank: the exact
//   max(|dx|, ...) and |dx| + ... distances, SciPy's results, from per-axis lower envelopes
//   (Meijster et al.) on the input's device, in parallel. Where several zeros are nearest, the
//   indices may name another of them than SciPy's raster scan does.
// - any other structure: SciPy's two raster passes over the neighbours before the structure's
//   centre (forward, then mirrored backward), which define the result (not always the fewest
//   steps near the array's edges); distances and indices equal SciPy's. The scan is sequential:
//   it runs on one CPU thread, for GPU arrays too (copied there and back).
// SciPy reads a structure's bytes as bools (a float64 ones((3, 3)) gives no neighbours); cupix
// takes its nonzero values. Errors as SciPy's: RuntimeError for the return flags, ValueError for
// the metric and for `distances`/`indices` of the wrong dtype or shape.
DistanceTransformResult distance_transform_cdt(const NDArray& input, const DistanceTransformCdtOptions& options = {});

}  // namespace cupix::ndimage
