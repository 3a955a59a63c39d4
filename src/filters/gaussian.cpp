#include <cmath>

#include "cupix/core/error.hpp"
#include "cupix/filters.hpp"
#include "cupix/ndimage.hpp"
#include "cupix/util.hpp"

namespace cupix::filters {

NDArray gaussian(const NDArray& image, const GaussianOptions& o) {
  for (double s : o.sigma)
    if (s < 0.0) throw ValueError("Sigma values less than zero are not valid");
  std::vector<double> sigma = o.sigma;
  if (o.channel_axis) {
    // Do not filter across channels: sigma 0 on the channel axis.
    const int c = normalize_axis(*o.channel_axis, image.ndim(), "channel_axis");
    if (sigma.size() == 1) sigma.assign(static_cast<std::size_t>(image.ndim() - 1), sigma[0]);
    if (static_cast<int>(sigma.size()) == image.ndim() - 1) sigma.insert(sigma.begin() + c, 0.0);
  }
  // convert_to_float: float16 -> float32; otherwise img_as_float, or a plain cast with preserve_range.
  NDArray x = image;
  if (image.dtype() == DType::float16) x = image.astype(DType::float32);
  else if (!o.preserve_range) x = util::img_as_float(image);
  const DType float_type = util::supported_float_type(x.dtype());
  if (x.dtype() != float_type) x = x.astype(float_type);
  if (o.out.defined() && !is_floating(o.out.dtype()))
    throw ValueError("dtype of `out` must be float; got dtype('" + std::string(name(o.out.dtype())) + "').");
  ndimage::GaussianFilterOptions f{.mode = {o.mode}, .cval = o.cval, .truncate = o.truncate};
  if (o.out.defined()) f.output = o.out;
  return ndimage::gaussian_filter(x, sigma, f);
}

}  // namespace cupix::filters
