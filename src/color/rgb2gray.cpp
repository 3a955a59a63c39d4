#include "rgb2gray.hpp"

#include <string>

#include "backends/backend.hpp"
#include "cupix/color.hpp"
#include "cupix/core/error.hpp"
#include "cupix/util.hpp"

namespace cupix::color {

NDArray rgb2gray(const NDArray& rgb, const Rgb2grayOptions& options) {
  if (rgb.ndim() == 0) throw ValueError("rgb2gray: the input must have at least one axis (the channels)");
  const int axis = normalize_axis(options.channel_axis, rgb.ndim(), "channel_axis");
  if (rgb.shape(axis) != 3) {
    std::string shape;
    for (auto d : rgb.shape()) shape += (shape.empty() ? "" : ", ") + std::to_string(d);
    throw ValueError("the input array must have size 3 along `channel_axis`, got (" + shape +
                     (rgb.ndim() == 1 ? ",)" : ")"));
  }
  const NDArray channels_last = rgb.moveaxis(axis, -1);
  Shape out_shape(channels_last.shape().begin(), channels_last.shape().end() - 1);
  // float16 input is widened to float32 first, as img_as_float32 does.
  const NDArray src = rgb.dtype() == DType::float16 ? channels_last.astype(DType::float32) : channels_last;
  NDArray out = NDArray::empty(out_shape, util::supported_float_type(rgb.dtype()), rgb.device());
  if (out.size() == 0) return out;
  backends::with_backend(rgb.device(), [&]<class B>(backends::Tag<B>) { detail::rgb2gray_run<B>(src, out); });
  return out;
}

}  // namespace cupix::color
