#include "backends/cpu/launch.hpp"
#include "fourier_impl.hpp"

namespace cupix::ndimage::detail {
template void fourier_multiply<backends::Cpu>(const NDArray&, const NDArray&, const FourierTerms&);
}  // namespace cupix::ndimage::detail
