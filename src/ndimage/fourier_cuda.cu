#include "backends/cuda/launch.cuh"
#include "fourier_impl.hpp"

namespace cupix::ndimage::detail {
template void fourier_multiply<backends::Cuda>(const NDArray&, const NDArray&, const FourierTerms&);
}  // namespace cupix::ndimage::detail
