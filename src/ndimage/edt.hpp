// Internal: the Euclidean feature transform behind ndimage::distance_transform_edt.
#pragma once
#include <vector>

#include "cupix/core/ndarray.hpp"

namespace cupix::ndimage::detail {

// For each point of `input` (any strides), the C-order index of its nearest zero point under the
// axis spacings `sampling` (one per axis), or -1 when the input has none (int64), and the squared
// distance to it (float64), as C-contiguous arrays of the input's shape.
struct EdtFeatures {
  NDArray feat, dist2;
};
// Defined in edt_impl.hpp, instantiated in edt_{cpu.cpp,cuda.cu}.
template <class B>
EdtFeatures feature_transform_run(const NDArray& input, const std::vector<double>& sampling);

// Distances and/or indices (either may be undefined) from the feature transform.
template <class B>
void edt_outputs_run(const EdtFeatures& features, const std::vector<double>& sampling, const NDArray& distances,
                     const NDArray& indices);

}  // namespace cupix::ndimage::detail
