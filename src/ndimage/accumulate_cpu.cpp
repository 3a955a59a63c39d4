#include "accumulate_impl.hpp"
#include "backends/cpu/launch.hpp"

template void cupix::ndimage::detail::accumulate_run<cupix::backends::Cpu>(const cupix::NDArray&, const cupix::NDArray&,
                                                                         Accumulate);
