#include "backends/cuda/launch.cuh"
#include "img_as_float_impl.hpp"

template void cupix::util::detail::img_as_float_run<cupix::backends::Cuda>(const cupix::NDArray&, const cupix::NDArray&);
