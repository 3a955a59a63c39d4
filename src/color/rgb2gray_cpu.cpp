#include "backends/cpu/launch.hpp"
#include "rgb2gray_impl.hpp"

template void cupix::color::detail::rgb2gray_run<cupix::backends::Cpu>(const cupix::NDArray&, const cupix::NDArray&);
