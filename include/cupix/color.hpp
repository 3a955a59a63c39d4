// cupix::color — scikit-image's skimage.color.
#pragma once
#include "cupix/core/ndarray.hpp"

namespace cupix::color {

struct Rgb2grayOptions {
  int channel_axis = -1;
};

// Luminance Y = 0.2125 R + 0.7154 G + 0.0721 B of an RGB image whose `channel_axis` has size 3
// (RGBA and other sizes raise ValueError, as in scikit-image). The input is first converted as
// img_as_float does: float32 and float16 give float32, every other dtype float64. The result drops
// the channel axis.
NDArray rgb2gray(const NDArray& rgb, const Rgb2grayOptions& options = {});

}  // namespace cupix::color
