#include "backends/cuda/launch.cuh"
#include "edt_impl.hpp"

namespace cupix::ndimage::detail {
using backends::Cuda;
template EdtFeatures feature_transform_run<Cuda>(const NDArray&, const std::vector<double>&, EnvelopeMetric);
template void edt_outputs_run<Cuda>(const EdtFeatures&, const std::vector<double>&, const NDArray&, const NDArray&);
template void cdt_outputs_run<Cuda>(const EdtFeatures&, const NDArray&, const NDArray&);
}  // namespace cupix::ndimage::detail
