#include "backends/cpu/launch.hpp"
#include "correlate_impl.hpp"

template void cupix::ndimage::detail::correlate_run<cupix::backends::Cpu>(const cupix::NDArray&, const cupix::NDArray&,
                                                                        const Footprint&, Mode, double, Reduce);
