#include "backends/cpu/launch.hpp"
#include "kernels/copy_impl.hpp"

template void cupix::kernels::copy_strided<cupix::backends::Cpu>(const cupix::NDArray&, const cupix::NDArray&);
