// The middle values of each region on the GPU: the points' keys sorted by value, then stably by
// region (CUB radix sorts), so that each region's values lie in order at its offset.
#include <cub/device/device_radix_sort.cuh>

#include <vector>

#include "backends/cuda/launch.cuh"
#include "region_stats_impl.hpp"

namespace cupix::ndimage::detail {

namespace {

struct MiddleOfRegion {
  const std::uint64_t* sorted;
  const std::int64_t *start, *count;
  std::uint64_t* out;
  __device__ void operator()(std::int64_t r) const {
    const std::int64_t c = count[r];
    if (c == 0) return;
    out[2 * r] = sorted[start[r] + (c - 1) / 2];
    out[2 * r + 1] = sorted[start[r] + c / 2];
  }
};

// Sorts pairs stably by key (CUB).
template <class K, class V>
void sort_pairs(const K* keys_in, K* keys_out, const V* values_in, V* values_out, std::int64_t n, Device device) {
  const cudaStream_t stream = backends::current_cuda_stream();
  std::size_t bytes = 0;
  CUPIX_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(nullptr, bytes, keys_in, keys_out, values_in, values_out, n, 0,
                                                   int(8 * sizeof(K)), stream));
  NDArray temp = NDArray::empty({static_cast<std::int64_t>(bytes)}, DType::uint8, device);
  CUPIX_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(temp.data(), bytes, keys_in, keys_out, values_in, values_out, n, 0,
                                                   int(8 * sizeof(K)), stream));
}

}  // namespace

template <>
NDArray region_middle_keys_run<backends::Cuda>(const NDArray& input, const Regions& rg, const NDArray& counts) {
  const std::int64_t n = input.size(), n_regions = rg.count;
  const Device device = input.device();
  NDArray ids = NDArray::empty({n}, DType::uint32, device), ids_sorted = NDArray::empty({n}, DType::uint32, device);
  NDArray keys = NDArray::empty({n}, DType::uint64, device), keys_sorted = NDArray::empty({n}, DType::uint64, device);
  dispatch_regions(input, rg, "median", [&]<class T, class L>(TypeTag<T>, TypeTag<L>) {
    // Region -1 (no region) becomes the largest unsigned id: it sorts last.
    backends::Cuda::parallel_for(n, RegionIdOf<L>{region_of<L>(rg), reinterpret_cast<std::int32_t*>(ids.data())});
    backends::Cuda::parallel_for(n, kernels::KeysOf<T, std::uint64_t>{input.data_as<T>(), kernels::flat_layout_of(input),
                                                                      keys.data_as<std::uint64_t>()});
  });
  if (n > 0) {
    sort_pairs(keys.data_as<std::uint64_t>(), keys_sorted.data_as<std::uint64_t>(), ids.data_as<std::uint32_t>(),
               ids_sorted.data_as<std::uint32_t>(), n, device);
    sort_pairs(ids_sorted.data_as<std::uint32_t>(), ids.data_as<std::uint32_t>(), keys_sorted.data_as<std::uint64_t>(),
               keys.data_as<std::uint64_t>(), n, device);
  }
  std::vector<std::int64_t> start(static_cast<std::size_t>(n_regions), 0);
  for (std::int64_t r = 1; r < n_regions; ++r)
    start[static_cast<std::size_t>(r)] = start[static_cast<std::size_t>(r) - 1] + counts.data_as<std::int64_t>()[r - 1];
  const NDArray device_start = NDArray::from_vector(start).to(device), device_count = counts.to(device);
  NDArray middle = NDArray::empty({n_regions, 2}, DType::uint64, device);
  backends::Cuda::parallel_for(n_regions, MiddleOfRegion{keys.data_as<std::uint64_t>(), device_start.data_as<std::int64_t>(),
                                                         device_count.data_as<std::int64_t>(), middle.data_as<std::uint64_t>()});
  return middle.to(Device::cpu());
}

}  // namespace cupix::ndimage::detail
