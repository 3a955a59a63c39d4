#include "backends/cuda/launch.cuh"
#include "kernels/copy_impl.hpp"

template void cupix::kernels::copy_strided<cupix::backends::Cuda>(const cupix::NDArray&, const cupix::NDArray&);
