#include <cub/device/device_scan.cuh>

#include "backends/cuda/launch.cuh"
#include "label_impl.hpp"

namespace cupix::ndimage::detail {

namespace {

template <class I>
void merge_trees_cuda(I* parent, I n, const Shape& shape, const LabelNeighbors& nb) {
  if (nb.count == 0) return;
  const int nd = static_cast<int>(shape.size());
  RowEdges<I> rows{nd - 1, {}};
  for (int d = 0; d < nd - 1; ++d) rows.shape[d] = static_cast<I>(shape[static_cast<std::size_t>(d)]);
  const I n_last = static_cast<I>(shape.back());
  backends::Cuda::parallel_for(n, LabelMerge<I>{parent, rows, n_last, nb.table.data_as<std::int64_t>(), nb.count});
}

template <class I>
struct RootFlag {
  const I* parent;
  I* rank;
  __device__ void operator()(std::int64_t i) const { rank[i] = parent[i] == static_cast<I>(i); }
};

template <class I>
struct RootNumber {
  I* parent;
  const I* rank;
  __device__ void operator()(std::int64_t i) const {
    if (parent[i] == static_cast<I>(i)) parent[i] = -(rank[i] + 2);
  }
};

// Flat trees, a prefix sum of root flags (CUB), then each root takes its number.
template <class I>
I number_roots_cuda(I* parent, I n, Device device) {
  backends::Cuda::parallel_for(n, LabelFlatten<I>{parent});
  NDArray rank_array = NDArray::empty(Shape{std::int64_t{n}}, dtype_v<I>, device);
  I* rank = rank_array.data_as<I>();
  backends::Cuda::parallel_for(n, RootFlag<I>{parent, rank});
  const cudaStream_t stream = backends::current_cuda_stream();
  std::size_t bytes = 0;
  CUPIX_CUDA_CHECK(cub::DeviceScan::ExclusiveSum(nullptr, bytes, rank, rank, n, stream));
  NDArray temp = NDArray::empty({static_cast<std::int64_t>(bytes)}, DType::uint8, device);
  CUPIX_CUDA_CHECK(cub::DeviceScan::ExclusiveSum(temp.data(), bytes, rank, rank, n, stream));
  backends::Cuda::parallel_for(n, RootNumber<I>{parent, rank});
  I last[2];  // the last point's parent and rank
  CUPIX_CUDA_CHECK(cudaMemcpyAsync(&last[0], parent + n - 1, sizeof(I), cudaMemcpyDeviceToHost, stream));
  CUPIX_CUDA_CHECK(cudaMemcpyAsync(&last[1], rank + n - 1, sizeof(I), cudaMemcpyDeviceToHost, stream));
  CUPIX_CUDA_CHECK(cudaStreamSynchronize(stream));
  return last[1] + (last[0] <= -2);
}

}  // namespace

template <>
Components label_components<backends::Cuda, std::int32_t>(std::int32_t* lab, std::int32_t n, const Shape& shape,
                                                         const LabelNeighbors& nb, Device device) {
  merge_trees_cuda(lab, n, shape, nb);
  return {NDArray{}, number_roots_cuda(lab, n, device)};
}
template <>
Components label_components<backends::Cuda, std::int64_t>(std::int64_t* lab, std::int64_t n, const Shape& shape,
                                                         const LabelNeighbors& nb, Device device) {
  merge_trees_cuda(lab, n, shape, nb);
  return {NDArray{}, number_roots_cuda(lab, n, device)};
}

template std::int64_t label_run<backends::Cuda>(const NDArray&, const LabelNeighbors&, const NDArray&);

}  // namespace cupix::ndimage::detail
