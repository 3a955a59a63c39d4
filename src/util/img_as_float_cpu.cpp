#include "backends/cpu/launch.hpp"
#include "img_as_float_impl.hpp"

template void cupix::util::detail::img_as_float_run<cupix::backends::Cpu>(const cupix::NDArray&, const cupix::NDArray&);
