#include "backends/cuda/launch.cuh"
#include "interpolation_impl.hpp"

namespace cupix::ndimage::detail {
using backends::Cuda;
template void spline_filter_lines<Cuda>(const NDArray&, int, int, Mode);
template void pad_for_spline<Cuda>(const NDArray&, const NDArray&, int, Mode, double);
template void geometric_transform<Cuda>(const NDArray&, const NDArray&, const Mapping&, int, Mode, double, int);
}  // namespace cupix::ndimage::detail
