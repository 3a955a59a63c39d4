#include "backends/cpu/launch.hpp"
#include "find_objects_impl.hpp"

template std::int64_t cupix::ndimage::detail::max_label_run<cupix::backends::Cpu>(const cupix::NDArray&);
template void cupix::ndimage::detail::find_objects_run<cupix::backends::Cpu>(const cupix::NDArray&, std::int64_t,
                                                                            const cupix::NDArray&);
