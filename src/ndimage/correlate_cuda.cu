#include "backends/cuda/launch.cuh"
#include "correlate_impl.hpp"

template void cupix::ndimage::detail::correlate_run<cupix::backends::Cuda>(const cupix::NDArray&, const cupix::NDArray&,
                                                                         const Footprint&, Mode, double, Reduce);
