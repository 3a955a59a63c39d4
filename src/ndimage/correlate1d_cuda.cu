#include "backends/cuda/launch.cuh"
#include "correlate1d_impl.hpp"

template void cupix::ndimage::detail::correlate1d_run<cupix::backends::Cuda>(const cupix::NDArray&,
                                                                           const cupix::NDArray&,
                                                                           const std::vector<double>&, const Line1d&);
