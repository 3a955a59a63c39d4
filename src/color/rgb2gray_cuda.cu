#include "backends/cuda/launch.cuh"
#include "rgb2gray_impl.hpp"

template void cupix::color::detail::rgb2gray_run<cupix::backends::Cuda>(const cupix::NDArray&, const cupix::NDArray&);
