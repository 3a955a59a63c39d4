// cupix::filters — scikit-image's skimage.filters.
#pragma once
#include <optional>
#include <vector>

#include "cupix/core/ndarray.hpp"
#include "cupix/ndimage/mode.hpp"

namespace cupix::filters {

struct GaussianOptions {
  std::vector<double> sigma{1.0};  // one value, or one per axis (per non-channel axis with channel_axis)
  ndimage::Mode mode = ndimage::Mode::nearest;
  double cval = 0.0;
  bool preserve_range = false;
  double truncate = 4.0;
  std::optional<int> channel_axis{};
  NDArray out{};  // optional float array to write into
};

// Multi-dimensional Gaussian filter with scikit-image's semantics: integer images are first
// rescaled by img_as_float unless preserve_range; float16 becomes float32; float32 stays float32
// and everything else is filtered in float64. Channels (channel_axis) are not mixed.
NDArray gaussian(const NDArray& image, const GaussianOptions& options = {});

}  // namespace cupix::filters
