// cupix::ndimage spline interpolation (scipy.ndimage.spline_filter1d, spline_filter,
// map_coordinates, affine_transform, shift, zoom, rotate), with SciPy >= 1.6 semantics.
#pragma once
#include <array>
#include <optional>
#include <vector>

#include "cupix/core/ndarray.hpp"
#include "cupix/ndimage/mode.hpp"
#include "cupix/ndimage/output.hpp"

namespace cupix::ndimage {

struct SplineFilter1dOptions {
  int order = 3;  // 0-5; orders 0 and 1 copy the input
  int axis = -1;
  Output output{DType::float64};
  Mode mode = Mode::mirror;
};

// B-spline coefficients along one axis: the exact causal and anti-causal recursive filters of
// the spline's poles, initialised for `mode` as SciPy does. Computed in float64 whatever the
// output dtype (integer outputs truncate, as SciPy's).
NDArray spline_filter1d(const NDArray& input, const SplineFilter1dOptions& options = {});

struct SplineFilterOptions {
  int order = 3;  // 2-5 (RuntimeError otherwise, as SciPy)
  Output output{DType::float64};
  Mode mode = Mode::mirror;
};

// spline_filter1d along every axis in turn, each pass reading the previous one's output (so a
// float32 output rounds between passes, as in SciPy).
NDArray spline_filter(const NDArray& input, const SplineFilterOptions& options = {});

struct InterpolationOptions {
  Output output{};  // default: the input's dtype
  int order = 3;    // spline order, 0-5
  Mode mode = Mode::constant;
  double cval = 0.0;
  bool prefilter = true;  // spline_filter the input first (orders > 1); false: it already holds coefficients
};

// The value at each point of `coordinates` (shape (input.ndim,) + output shape; any real dtype),
// interpolated by splines of options.order. Integer outputs round half away from zero and clamp
// to the dtype's range, as SciPy's. Non-finite coordinates give cval (NaN with 'nearest' and
// 'grid-constant', whose weights they poison), where SciPy's C code is undefined.
NDArray map_coordinates(const NDArray& input, const NDArray& coordinates, const InterpolationOptions& options = {});

// Output point o maps to input point matrix @ o + offset. `matrix` (float64-convertible, any
// device) is one of SciPy's forms: (ndim,) for a diagonal, (ndim, ndim), (ndim, ndim + 1) whose
// last column is the offset, or (ndim + 1, ndim + 1) homogeneous. `offset` holds one value or one
// per axis; `output_shape` defaults to the output array's shape, else the input's.
NDArray affine_transform(const NDArray& input, const NDArray& matrix, const std::vector<double>& offset = {0.0},
                         const std::optional<Shape>& output_shape = std::nullopt,
                         const InterpolationOptions& options = {});

// Output point o samples input point o - shift (one value, or one per axis).
NDArray shift(const NDArray& input, const std::vector<double>& shift, const InterpolationOptions& options = {});

// Resamples to shape round(input.shape * zoom) (one factor, or one per axis). Without grid_mode
// the corner pixels' centres align; with it, the image edges (pixel i spans [i, i + 1)).
NDArray zoom(const NDArray& input, const std::vector<double>& zoom, const InterpolationOptions& options = {},
             bool grid_mode = false);

// Rotates the plane of `axes` by `angle` degrees (each such plane of an n-D array the same way);
// with `reshape` the output grows to hold the whole rotated input.
NDArray rotate(const NDArray& input, double angle, const InterpolationOptions& options = {},
               std::array<int, 2> axes = {1, 0}, bool reshape = true);

}  // namespace cupix::ndimage
