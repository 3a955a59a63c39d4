// Internal: the engines behind ndimage's spline interpolation. Defined in interpolation_impl.hpp,
// instantiated in interpolation_{cpu.cpp,cuda.cu}.
#pragma once
#include <vector>

#include "cupix/core/ndarray.hpp"
#include "cupix/ndimage/mode.hpp"

namespace cupix::ndimage::detail {

// In place along `axis` of a float64 array (any strides): the B-spline prefilter of `order`
// (2-5), lines initialised for `mode` as SciPy's ni_splines.c does. Lines of length 1 stay.
template <class B>
void spline_filter_lines(const NDArray& coefficients, int order, int axis, Mode mode);

// `padded` (float64, input's shape + 2 npad per axis) = input surrounded by npad points of its
// edge values ('nearest') or of cval ('grid-constant'), as SciPy pads before prefiltering.
template <class B>
void pad_for_spline(const NDArray& input, const NDArray& padded, int npad, Mode mode, double cval);

// How output points map to input coordinates.
struct Mapping {
  enum class Kind { matrix, coordinates, zoom_shift };
  Kind kind = Kind::matrix;
  std::vector<double> matrix;       // matrix: input rank x output rank, row-major, and `shift`
  std::vector<double> shift, zoom;  // zoom_shift: per axis, either may be empty (SciPy's NI_ZoomShift)
  bool grid_mode = false;
  NDArray coordinates;  // coordinates: float32 or float64, (input rank,) + output shape
};

// out[o] = the spline of `order` through `filtered` (coefficients, or samples for orders 0-1)
// at map(o) + npad, with SciPy's boundary rules for `mode` and its integer rounding on output.
template <class B>
void geometric_transform(const NDArray& filtered, const NDArray& out, const Mapping& map, int order, Mode mode,
                         double cval, int npad);

}  // namespace cupix::ndimage::detail
