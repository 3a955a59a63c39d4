// value_indices on the GPU: a stable radix sort (CUB) of the points' order-preserving keys with
// their C-order indices, a run-length encoding of the sorted keys, then the indices' coordinates.
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_run_length_encode.cuh>

#include <limits>
#include <string>
#include <vector>

#include "backends/cuda/launch.cuh"
#include "cupix/core/dispatch.hpp"
#include "kernels/ordered_key.hpp"
#include "value_indices.hpp"

namespace cupix::ndimage::detail {

namespace {

struct Iota {
  std::int64_t* index;
  __device__ void operator()(std::int64_t i) const { index[i] = i; }
};

struct Unravel {
  const std::int64_t* order;
  std::int64_t n;
  int ndim;
  std::int64_t shape[kMaxDims];
  std::int64_t* out;  // (ndim, n)
  __device__ void operator()(std::int64_t k) const {
    std::int64_t rest = order[k];
    for (int d = ndim - 1; d >= 0; --d) {
      const std::int64_t q = rest / shape[d];
      out[d * n + k] = rest - q * shape[d];
      rest = q;
    }
  }
};

}  // namespace

template <>
ValueGroups group_values_run<backends::Cuda>(const NDArray& arr) {
  const std::int64_t n = arr.size();
  if (n > std::numeric_limits<int>::max())  // CUB's run-length encoding counts items in an int
    throw NotSupported("value_indices on the GPU: at most 2**31 - 1 points, got " + std::to_string(n));
  const Device device = arr.device();
  const cudaStream_t stream = backends::current_cuda_stream();
  NDArray order = NDArray::empty({n}, DType::int64, device);
  ValueGroups g;
  dispatch<IntegerTypes>(arr.dtype(), "value_indices", [&]<class T>(TypeTag<T>) {
    using Key = kernels::OrderedKey<T>;
    using K = typename Key::type;
    NDArray keys = NDArray::empty({n}, dtype_v<K>, device), sorted = NDArray::empty({n}, dtype_v<K>, device);
    NDArray index = NDArray::empty({n}, DType::int64, device);
    NDArray unique = NDArray::empty({n}, dtype_v<K>, device), counts = NDArray::empty({n}, DType::int64, device);
    NDArray runs = NDArray::empty({1}, DType::int64, device);
    std::int64_t run_count = 0;
    if (n > 0) {
      backends::Cuda::parallel_for(n, kernels::KeysOf<T, K>{arr.data_as<T>(), kernels::flat_layout_of(arr), keys.data_as<K>()});
      backends::Cuda::parallel_for(n, Iota{index.data_as<std::int64_t>()});
      std::size_t sort_bytes = 0, rle_bytes = 0;
      CUPIX_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(nullptr, sort_bytes, keys.data_as<K>(), sorted.data_as<K>(),
                                                       index.data_as<std::int64_t>(), order.data_as<std::int64_t>(), n,
                                                       0, int(8 * sizeof(K)), stream));
      CUPIX_CUDA_CHECK(cub::DeviceRunLengthEncode::Encode(nullptr, rle_bytes, sorted.data_as<K>(), unique.data_as<K>(),
                                                          counts.data_as<std::int64_t>(), runs.data_as<std::int64_t>(),
                                                          n, stream));
      NDArray temp = NDArray::empty({static_cast<std::int64_t>(std::max(sort_bytes, rle_bytes))}, DType::uint8, device);
      CUPIX_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(temp.data(), sort_bytes, keys.data_as<K>(), sorted.data_as<K>(),
                                                       index.data_as<std::int64_t>(), order.data_as<std::int64_t>(), n,
                                                       0, int(8 * sizeof(K)), stream));
      CUPIX_CUDA_CHECK(cub::DeviceRunLengthEncode::Encode(temp.data(), rle_bytes, sorted.data_as<K>(),
                                                          unique.data_as<K>(), counts.data_as<std::int64_t>(),
                                                          runs.data_as<std::int64_t>(), n, stream));
      run_count = runs.to(Device::cpu()).data_as<std::int64_t>()[0];
    }
    const NDArray host_keys = unique.slice(0, 0, run_count).to(Device::cpu());
    g.counts = counts.slice(0, 0, run_count).to(Device::cpu());
    g.values = NDArray::empty({run_count}, arr.dtype());
    g.starts = NDArray::empty({run_count}, DType::int64);
    std::int64_t running = 0;
    for (std::int64_t k = 0; k < run_count; ++k) {
      g.values.data_as<T>()[k] = Key::value(host_keys.data_as<K>()[k]);
      g.starts.data_as<std::int64_t>()[k] = running;
      running += g.counts.data_as<std::int64_t>()[k];
    }
  });
  const int nd = arr.ndim();
  g.coordinates = NDArray::empty({nd, n}, DType::int64, device);
  Unravel op{order.data_as<std::int64_t>(), n, nd, {}, g.coordinates.data_as<std::int64_t>()};
  for (int d = 0; d < nd; ++d) op.shape[d] = arr.shape(d);
  if (nd > 0) backends::Cuda::parallel_for(n, op);
  return g;
}

}  // namespace cupix::ndimage::detail
