// ndimage::distance_transform_edt: SciPy's argument rules, then the feature transform (edt_impl.hpp).
#include <string>

#include "arguments.hpp"
#include "backends/backend.hpp"
#include "cupix/ndimage.hpp"
#include "edt.hpp"

namespace cupix::ndimage {

DistanceTransformResult distance_transform_edt(const NDArray& input_arg, const DistanceTransformEdtOptions& o) {
  if (!input_arg.defined()) throw ValueError("distance_transform_edt: input is undefined");
  detail::check_return_flags(o.return_distances, o.return_indices, o.distances.defined(), o.indices.defined());
  // np.atleast_1d; float16 (a storage type the kernels do not take) as its nonzero mask, which is
  // all SciPy looks at.
  const NDArray input_1d = input_arg.ndim() == 0 ? input_arg.reshape({1}) : input_arg;
  const NDArray input = input_1d.dtype() == DType::float16 ? input_1d.astype(DType::bool_) : input_1d;
  const int nd = input.ndim();
  std::vector<double> sampling(static_cast<std::size_t>(nd), 1.0);
  if (!o.sampling.empty())
    for (int d = 0; d < nd; ++d)
      sampling[static_cast<std::size_t>(d)] = detail::per_axis(o.sampling, static_cast<std::size_t>(d), sampling.size(), "sampling");
  for (double s : sampling)
    if (!(s >= 0)) throw ValueError("sampling must be non-negative and not NaN");
  Shape index_shape{nd};
  index_shape.insert(index_shape.end(), input.shape().begin(), input.shape().end());
  NDArray indices = o.indices;
  if (indices.defined()) {
    if (indices.shape() != index_shape) throw RuntimeError("indices array has wrong shape");
    if (indices.dtype() != DType::int32) throw RuntimeError("indices array must be int32");
    detail::check_same_device(indices, input, "indices");
  } else if (o.return_indices) {
    indices = NDArray::empty(index_shape, DType::int32, input.device());
  }
  NDArray distances = o.distances;
  if (distances.defined()) {
    if (distances.shape() != input.shape()) throw RuntimeError("distances array has wrong shape");
    if (distances.dtype() != DType::float64) throw RuntimeError("distances array must be float64");
    detail::check_same_device(distances, input, "distances");
  } else if (o.return_distances) {
    distances = NDArray::empty(input.shape(), DType::float64, input.device());
  }
  backends::with_backend(input.device(), [&]<class B>(backends::Tag<B>) {
#if CUPIX_WITH_CUDA
    if (!indices.defined() && detail::edt_distances_tuned(input, sampling, distances)) return;
#endif
    const detail::EdtFeatures features = detail::feature_transform_run<B>(input, sampling, detail::EnvelopeMetric::euclidean);
    if (input.size() > 0) detail::edt_outputs_run<B>(features, sampling, distances, indices);
  });
  DistanceTransformResult r;
  if (o.return_distances && !o.distances.defined()) r.distances = distances;
  if (o.return_indices && !o.indices.defined()) r.indices = indices;
  return r;
}

}  // namespace cupix::ndimage
