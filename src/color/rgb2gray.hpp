// Internal: the rgb2gray kernel, instantiated in rgb2gray_{cpu.cpp,cuda.cu}.
#pragma once
#include "cupix/core/ndarray.hpp"

namespace cupix::color::detail {

// `rgb` has its channel axis last (size 3); `out` is C-contiguous float32/float64 of rgb's shape
// without that axis.
template <class B>
void rgb2gray_run(const NDArray& rgb, const NDArray& out);

}  // namespace cupix::color::detail
