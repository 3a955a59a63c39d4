#include "accumulate_impl.hpp"
#include "backends/cuda/launch.cuh"

template void cupix::ndimage::detail::accumulate_run<cupix::backends::Cuda>(const cupix::NDArray&,
                                                                          const cupix::NDArray&, Accumulate);
template bool cupix::ndimage::detail::any_differ_run<cupix::backends::Cuda>(const cupix::NDArray&, const cupix::NDArray&);
