#include "backends/cpu/launch.hpp"
#include "edt_impl.hpp"

namespace cupix::ndimage::detail {
using backends::Cpu;

template <>
struct EdtLaunch<Cpu> {
  static constexpr bool kLastAxisFirst = false;
};

template EdtFeatures feature_transform_run<Cpu>(const NDArray&, const std::vector<double>&, EnvelopeMetric);
template void edt_outputs_run<Cpu>(const EdtFeatures&, const std::vector<double>&, const NDArray&, const NDArray&);
template void cdt_outputs_run<Cpu>(const EdtFeatures&, const NDArray&, const NDArray&);
}  // namespace cupix::ndimage::detail
