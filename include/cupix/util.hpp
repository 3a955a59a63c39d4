// cupix::util — scikit-image's skimage.util dtype helpers.
#pragma once
#include "cupix/core/ndarray.hpp"

namespace cupix::util {

// skimage._shared.utils._supported_float_type: float16/float32 -> float32, float64 -> float64,
// everything else -> float64.
DType supported_float_type(DType t);

// skimage.util.img_as_float32 / img_as_float64: integers are scaled to [0, 1] (unsigned) or
// [-1, 1] (signed), bool becomes 0/1, floats are only cast. Arrays already of the target dtype are
// returned as they are (no copy).
NDArray img_as_float32(const NDArray& image);
NDArray img_as_float64(const NDArray& image);
// skimage.util.img_as_float: floating arrays are returned as they are, others become float64.
NDArray img_as_float(const NDArray& image);

}  // namespace cupix::util
