// rgb2gray in one pass: img_as_float conversion and the weighted sum fused, so each pixel is read
// once and written once.
#pragma once
#include "cupix/core/dispatch.hpp"
#include "kernels/img_as_float.hpp"
#include "rgb2gray.hpp"

namespace cupix::color::detail {

template <class T, class Out>
struct Rgb2grayOp {
  const T* rgb;
  Out* out;
  kernels::Layout pixels;  // rgb's layout without the channel axis
  std::int64_t channel_stride;
  bool packed;  // C-contiguous with channels last: pixel i starts at 3*i

  CUPIX_HD void operator()(std::int64_t i) const {
    const T* p = rgb + (packed ? 3 * i : pixels.offset(i));
    // scikit-image casts the coefficients to the float dtype of the converted image.
    const Out r = kernels::img_as_float_value<Out>(p[0]);
    const Out g = kernels::img_as_float_value<Out>(p[channel_stride]);
    const Out b = kernels::img_as_float_value<Out>(p[2 * channel_stride]);
    out[i] = r * static_cast<Out>(0.2125) + g * static_cast<Out>(0.7154) + b * static_cast<Out>(0.0721);
  }
};

template <class B>
void rgb2gray_run(const NDArray& rgb, const NDArray& out) {
  dispatch<AllTypes>(rgb.dtype(), "rgb2gray", [&]<class T>(TypeTag<T>) {
    dispatch<FloatTypes>(out.dtype(), "rgb2gray", [&]<class Out>(TypeTag<Out>) {
      kernels::Layout pixels = kernels::layout_of(rgb);
      pixels.ndim -= 1;  // drop the channel axis
      B::parallel_for(out.size(), Rgb2grayOp<T, Out>{rgb.data_as<T>(), out.data_as<Out>(), pixels,
                                                     rgb.strides().back(), rgb.is_c_contiguous()});
    });
  });
}

}  // namespace cupix::color::detail
