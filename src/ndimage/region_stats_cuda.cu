#include "backends/cuda/launch.cuh"
#include "region_stats_impl.hpp"

namespace cupix::ndimage::detail {
template NDArray region_ids_run<backends::Cuda>(const NDArray&, const NDArray&);
template RegionTables region_stats_run<backends::Cuda>(const NDArray&, const Regions&, unsigned);
template NDArray region_histogram_run<backends::Cuda>(const NDArray&, const Regions&, const NDArray&);
}  // namespace cupix::ndimage::detail
