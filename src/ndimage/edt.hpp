// Internal: the feature transforms behind ndimage::distance_transform_edt and (for the chessboard
// and taxicab metrics) distance_transform_cdt.
#pragma once
#include <vector>

#include "cupix/core/ndarray.hpp"

namespace cupix::ndimage::detail {

enum class EnvelopeMetric { euclidean, chessboard, taxicab };

// For each point of `input` (any strides), the C-order index of its nearest zero point under the
// axis spacings `sampling` (one per axis; 1 for the chessboard and taxicab metrics), or -1 when
// the input has none (int64), and the distance to it (float64; squared for the Euclidean
// metric), as C-contiguous arrays of the input's shape.
struct EdtFeatures {
  NDArray feat, dist2;
};
// Defined in edt_impl.hpp, instantiated in edt_{cpu.cpp,cuda.cu}.
template <class B>
EdtFeatures feature_transform_run(const NDArray& input, const std::vector<double>& sampling, EnvelopeMetric metric);

// distance_transform_cdt's int32 distances and/or indices (either may be undefined).
template <class B>
void cdt_outputs_run(const EdtFeatures& features, const NDArray& distances, const NDArray& indices);

// Distances and/or indices (either may be undefined) from the feature transform.
template <class B>
void edt_outputs_run(const EdtFeatures& features, const std::vector<double>& sampling, const NDArray& distances,
                     const NDArray& indices);

// The distances alone on a GPU, without the feature transform (edt_distances_cuda.cu), into
// `distances` (float64, the input's shape); false, doing nothing, where it does not apply (not on
// a GPU, fewer than 2 axes, an empty input, lines too long for its shared-memory stacks).
bool edt_distances_tuned(const NDArray& input, const std::vector<double>& sampling, const NDArray& distances);

}  // namespace cupix::ndimage::detail
