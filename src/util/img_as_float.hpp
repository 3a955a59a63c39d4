// Internal: the img_as_float kernel, instantiated in img_as_float_{cpu.cpp,cuda.cu}.
#pragma once
#include "cupix/core/ndarray.hpp"

namespace cupix::util::detail {

// Writes img_as_float32/64(in) into the C-contiguous float32/float64 array `out`.
template <class B>
void img_as_float_run(const NDArray& in, const NDArray& out);

}  // namespace cupix::util::detail
