#include "backends/cuda/launch.cuh"
#include "edt_impl.hpp"

template cupix::ndimage::detail::EdtFeatures cupix::ndimage::detail::feature_transform_run<cupix::backends::Cuda>(
    const cupix::NDArray&, const std::vector<double>&);
template void cupix::ndimage::detail::edt_outputs_run<cupix::backends::Cuda>(const EdtFeatures&,
                                                                           const std::vector<double>&,
                                                                           const cupix::NDArray&,
                                                                           const cupix::NDArray&);
