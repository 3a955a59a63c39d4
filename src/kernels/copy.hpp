// Strided element-wise copy with dtype conversion (same shape, same device): the engine behind
// NDArray::copy/astype/to. Defined in copy_impl.hpp, instantiated in src/core/copy_{cpu.cpp,cuda.cu}.
#pragma once
#include "cupix/core/ndarray.hpp"

namespace cupix::kernels {

template <class B>
void copy_strided(const NDArray& src, const NDArray& dst);

}  // namespace cupix::kernels
