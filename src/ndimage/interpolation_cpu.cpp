#include "backends/cpu/launch.hpp"
#include "interpolation_impl.hpp"

namespace cupix::ndimage::detail {
using backends::Cpu;
template void spline_filter_lines<Cpu>(const NDArray&, int, int, Mode);
template void pad_for_spline<Cpu>(const NDArray&, const NDArray&, int, Mode, double);
template void geometric_transform<Cpu>(const NDArray&, const NDArray&, const Mapping&, int, Mode, double, int);
}  // namespace cupix::ndimage::detail
