#include "accumulate_impl.hpp"
#include "backends/cpu/launch.hpp"

template void cupix::ndimage::detail::accumulate_run<cupix::backends::Cpu>(const cupix::NDArray&, const cupix::NDArray&,
                                                                         Accumulate);
template bool cupix::ndimage::detail::any_differ_run<cupix::backends::Cpu>(const cupix::NDArray&, const cupix::NDArray&);
