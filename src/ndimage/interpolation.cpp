// ndimage's spline interpolation: SciPy's argument rules, its prefilter (with the padding it adds
// for 'nearest' and 'grid-constant'), and the mapping of each function, all running the engines
// of interpolation_impl.hpp.
#include <cmath>
#include <numbers>
#include <string>

#include "arguments.hpp"
#include "backends/backend.hpp"
#include "cupix/ndimage.hpp"
#include "interpolation.hpp"

namespace cupix::ndimage {
namespace {

void check_order(int order, int lowest = 0) {
  if (order < lowest || order > 5) throw RuntimeError("spline order not supported");
}

void check_rank(const NDArray& input, std::size_t out_rank) {
  if (input.ndim() < 1 || out_rank < 1) throw RuntimeError("input and output rank must be > 0");
}

// input's spline coefficients along `axis`, into out (any dtype; line buffers in float64). A
// float64 out is filtered in place: after copying input into it, or at once where input is out
// itself (spline_filter's later axes).
void spline_filter1d_into(const NDArray& input, const NDArray& out, int order, int axis, Mode mode) {
  if (order <= 1) return copy_into(input, out);
  const bool same = input.data() == out.data() && input.dtype() == out.dtype() && input.shape() == out.shape() &&
                    input.strides() == out.strides();
  const bool in_place = out.dtype() == DType::float64 && (same || !may_share_memory(input, out));
  const NDArray c = in_place ? out : input.astype(DType::float64);
  if (in_place && !same) copy_into(input, c);
  backends::with_backend(input.device(), [&]<class B>(backends::Tag<B>) {
    detail::spline_filter_lines<B>(c, order, axis, mode);
  });
  if (!in_place) copy_into(c, out);
}

// What the interpolation reads: the input's spline coefficients (float64, after SciPy's padding
// of 12 points for 'nearest' and 'grid-constant'), or the input itself.
struct Coefficients {
  NDArray values;
  int npad = 0;
};

Coefficients coefficients(const NDArray& input, const InterpolationOptions& o) {
  if (!o.prefilter || o.order <= 1) return {input, 0};
  const int npad = o.mode == Mode::nearest || o.mode == Mode::grid_constant ? 12 : 0;
  Shape shape = input.shape();
  for (auto& s : shape) s += 2 * npad;
  const NDArray c = NDArray::empty(shape, DType::float64, input.device());
  if (npad == 0) copy_into(input, c);
  backends::with_backend(input.device(), [&]<class B>(backends::Tag<B>) {
    if (npad > 0) detail::pad_for_spline<B>(input, c, npad, o.mode, o.cval);
    for (int axis = 0; axis < c.ndim(); ++axis) detail::spline_filter_lines<B>(c, o.order, axis, o.mode);
  });
  return {c, npad};
}

NDArray interpolate(const NDArray& input, const NDArray& out, const detail::Mapping& map, const InterpolationOptions& o) {
  if (out.size() == 0) return out;
  if (input.size() == 0 && o.mode != Mode::constant && o.mode != Mode::grid_constant)
    throw ValueError("cannot interpolate an empty array in mode '" + std::string(mode_name(o.mode)) + "'");
  // An output that overlaps the input is written only after the input is read whole.
  const NDArray source = may_share_memory(input, out) ? input.copy() : input;
  const Coefficients c = coefficients(source, o);
  backends::with_backend(input.device(), [&]<class B>(backends::Tag<B>) {
    detail::geometric_transform<B>(c.values, out, map, o.order, o.mode, o.cval, c.npad);
  });
  return out;
}

// scipy.special.cosdg / sindg: exact at multiples of 90 degrees.
double cos_degrees(double angle) {
  const double r = std::fmod(std::abs(angle), 360.0);
  if (r == 90.0 || r == 270.0) return 0.0;
  if (r == 0.0) return 1.0;
  if (r == 180.0) return -1.0;
  return std::cos(angle * std::numbers::pi / 180.0);
}
double sin_degrees(double angle) {
  const double r = std::fmod(std::abs(angle), 360.0), sign = angle < 0 ? -1.0 : 1.0;
  if (r == 0.0 || r == 180.0) return 0.0;
  if (r == 90.0) return sign;
  if (r == 270.0) return -sign;
  return std::sin(angle * std::numbers::pi / 180.0);
}

}  // namespace

NDArray spline_filter1d(const NDArray& input, const SplineFilter1dOptions& o) {
  check_order(o.order);
  const int axis = normalize_axis(o.axis, input.ndim());
  const NDArray out = resolve_output(o.output, input, input.shape());
  spline_filter1d_into(input, out, o.order, axis, o.mode);
  return out;
}

NDArray spline_filter(const NDArray& input, const SplineFilterOptions& o) {
  check_order(o.order, 2);
  const NDArray out = resolve_output(o.output, input, input.shape());
  if (input.ndim() == 0) {
    copy_into(input, out);
    return out;
  }
  NDArray source = input;  // each pass reads the last one's output, as SciPy's loop does
  for (int axis = 0; axis < input.ndim(); ++axis) {
    spline_filter1d_into(source, out, o.order, axis, o.mode);
    source = out;
  }
  return out;
}

NDArray map_coordinates(const NDArray& input, const NDArray& coordinates, const InterpolationOptions& o) {
  check_order(o.order);
  if (coordinates.ndim() < 1) throw RuntimeError("input and output rank must be > 0");
  const Shape out_shape(coordinates.shape().begin() + 1, coordinates.shape().end());
  check_rank(input, out_shape.size());
  if (coordinates.shape(0) != input.ndim()) throw RuntimeError("invalid shape for coordinate array");
  detail::check_same_device(coordinates, input, "coordinates");
  const NDArray out = resolve_output(o.output, input, out_shape);
  detail::Mapping map;
  map.kind = detail::Mapping::Kind::coordinates;
  const bool direct = coordinates.dtype() == DType::float32 || coordinates.dtype() == DType::float64;
  map.coordinates = direct ? coordinates : coordinates.astype(DType::float64);
  return interpolate(input, out, map, o);
}

NDArray affine_transform(const NDArray& input, const NDArray& matrix_arg, const std::vector<double>& offset_arg,
                         const std::optional<Shape>& output_shape, const InterpolationOptions& o) {
  check_order(o.order);
  const auto* given = std::get_if<NDArray>(&o.output);
  const Shape out_shape = output_shape ? *output_shape : given ? given->shape() : input.shape();
  check_rank(input, out_shape.size());
  const NDArray out = resolve_output(o.output, input, out_shape);
  const NDArray m = matrix_arg.to(Device::cpu()).astype(DType::float64);
  const double* mv = m.data_as<double>();
  const int nd = input.ndim();
  if ((m.ndim() != 1 && m.ndim() != 2) || m.shape(0) < 1) throw RuntimeError("no proper affine matrix provided");
  std::vector<double> offset = offset_arg;
  std::int64_t rows = m.shape(0), cols = m.ndim() == 2 ? m.shape(1) : 1;
  std::vector<double> matrix(mv, mv + m.size());
  if (m.ndim() == 2 && cols == nd + 1 && (rows == nd || rows == nd + 1)) {
    // The offset is the last column; a homogeneous matrix's last row must be (0, ..., 0, 1).
    if (rows == nd + 1)
      for (int j = 0; j <= nd; ++j)
        if (mv[nd * cols + j] != (j == nd ? 1.0 : 0.0))
          throw ValueError("Expected homogeneous transformation matrix with shape (" + std::to_string(rows) + ", " +
                           std::to_string(cols) + ") for image of " + std::to_string(nd) +
                           " dimensions, but bottom row was not equal to [0, ..., 0, 1]");
    offset.assign(static_cast<std::size_t>(nd), 0.0);
    matrix.clear();
    for (int i = 0; i < nd; ++i) {
      offset[static_cast<std::size_t>(i)] = mv[i * cols + nd];
      for (int j = 0; j < nd; ++j) matrix.push_back(mv[i * cols + j]);
    }
    rows = cols = nd;
  }
  if (rows != nd) throw RuntimeError("affine matrix has wrong number of rows");
  if (m.ndim() == 2 && cols != out.ndim()) throw RuntimeError("affine matrix has wrong number of columns");
  std::vector<double> shift(static_cast<std::size_t>(nd));
  for (int i = 0; i < nd; ++i)
    shift[static_cast<std::size_t>(i)] = detail::per_axis(offset, static_cast<std::size_t>(i), shift.size(), "offset");
  detail::Mapping map;
  if (m.ndim() == 1) {  // a diagonal: SciPy's zoom_shift with shift = offset / matrix
    if (out.ndim() != nd) throw RuntimeError("a diagonal affine matrix needs an output of the input's rank");
    map.kind = detail::Mapping::Kind::zoom_shift;
    for (int i = 0; i < nd; ++i) shift[static_cast<std::size_t>(i)] /= matrix[static_cast<std::size_t>(i)];
    map.zoom = matrix;
    map.shift = shift;
  } else {
    map.kind = detail::Mapping::Kind::matrix;
    map.matrix = matrix;
    map.shift = shift;
  }
  return interpolate(input, out, map, o);
}

NDArray shift(const NDArray& input, const std::vector<double>& shift, const InterpolationOptions& o) {
  check_order(o.order);
  check_rank(input, 1);
  const NDArray out = resolve_output(o.output, input, input.shape());
  detail::Mapping map;
  map.kind = detail::Mapping::Kind::zoom_shift;
  const auto nd = static_cast<std::size_t>(input.ndim());
  for (std::size_t i = 0; i < nd; ++i) map.shift.push_back(-detail::per_axis(shift, i, nd, "shift"));
  return interpolate(input, out, map, o);
}

NDArray zoom(const NDArray& input, const std::vector<double>& zoom, const InterpolationOptions& o, bool grid_mode) {
  check_order(o.order);
  check_rank(input, 1);
  const auto nd = static_cast<std::size_t>(input.ndim());
  std::vector<double> factors(nd);
  Shape out_shape(nd);
  for (std::size_t i = 0; i < nd; ++i) {
    factors[i] = detail::per_axis(zoom, i, nd, "zoom");
    const double size = std::nearbyint(static_cast<double>(input.shape()[i]) * factors[i]);  // Python's round
    if (!(size >= 0 && size < 9e18)) throw ValueError("zoom gives an output shape out of range");
    out_shape[i] = static_cast<std::int64_t>(size);
  }
  const NDArray out = resolve_output(o.output, input, out_shape);
  bool identity = o.prefilter;
  for (double f : factors) identity = identity && f == 1.0;
  if (identity) {
    copy_into(input, out);
    return out;
  }
  // The step between output points in input points: pixel centres (grid_mode: pixel edges) of
  // the first and last points stay aligned.
  detail::Mapping map;
  map.kind = detail::Mapping::Kind::zoom_shift;
  map.grid_mode = grid_mode;
  for (std::size_t i = 0; i < nd; ++i) {
    const auto num = static_cast<double>(input.shape()[i] - (grid_mode ? 0 : 1));
    const auto den = static_cast<double>(out_shape[i] - (grid_mode ? 0 : 1));
    map.zoom.push_back(den != 0 ? num / den : 1.0);
  }
  return interpolate(input, out, map, o);
}

NDArray rotate(const NDArray& input, double angle, const InterpolationOptions& o, std::array<int, 2> axes,
               bool reshape) {
  const int nd = input.ndim();
  if (nd < 2) throw ValueError("input array should be at least 2D");
  for (int& a : axes) {
    if (a < 0) a += nd;
    if (a < 0 || a >= nd) throw ValueError("invalid rotation plane specified");
  }
  if (axes[0] > axes[1]) std::swap(axes[0], axes[1]);
  const double c = cos_degrees(angle), s = sin_degrees(angle);
  const double rot[2][2] = {{c, s}, {-s, c}};
  const double iy = static_cast<double>(input.shape(axes[0])), ix = static_cast<double>(input.shape(axes[1]));
  std::int64_t plane[2] = {input.shape(axes[0]), input.shape(axes[1])};
  if (reshape) {  // the bounding box of the rotated corners
    const double corners[2][4] = {{0, 0, iy, iy}, {0, ix, 0, ix}};
    for (int r = 0; r < 2; ++r) {
      double lo = INFINITY, hi = -INFINITY;
      for (int k = 0; k < 4; ++k) {
        const double v = rot[r][0] * corners[0][k] + rot[r][1] * corners[1][k];
        lo = std::min(lo, v), hi = std::max(hi, v);
      }
      plane[r] = static_cast<std::int64_t>(hi - lo + 0.5);
    }
  }
  // Centre to centre: offset = in_centre - rot @ out_centre.
  const double out_centre[2] = {(static_cast<double>(plane[0]) - 1) / 2, (static_cast<double>(plane[1]) - 1) / 2};
  const double in_centre[2] = {(iy - 1) / 2, (ix - 1) / 2};
  const std::vector<double> offset = {in_centre[0] - (rot[0][0] * out_centre[0] + rot[0][1] * out_centre[1]),
                                      in_centre[1] - (rot[1][0] * out_centre[0] + rot[1][1] * out_centre[1])};
  Shape out_shape = input.shape();
  out_shape[static_cast<std::size_t>(axes[0])] = plane[0];
  out_shape[static_cast<std::size_t>(axes[1])] = plane[1];
  const NDArray out = resolve_output(o.output, input, out_shape);
  const NDArray matrix = NDArray::from_vector(std::vector<double>{c, s, -s, c}).reshape({2, 2});
  // Each plane on its own, as SciPy: the other axes are not interpolated.
  std::vector<int> order;
  for (int d = 0; d < nd; ++d)
    if (d != axes[0] && d != axes[1]) order.push_back(d);
  order.push_back(axes[0]);
  order.push_back(axes[1]);
  const NDArray in_p = input.permute(order), out_p = out.permute(order);
  std::int64_t planes = 1;
  for (int d = 0; d < nd - 2; ++d) planes *= in_p.shape(d);
  InterpolationOptions per_plane = o;
  for (std::int64_t k = 0; k < planes; ++k) {
    std::int64_t rest = k, in_off = 0, out_off = 0;
    for (int d = nd - 3; d >= 0; --d) {
      const std::int64_t i = rest % in_p.shape(d);
      rest /= in_p.shape(d);
      in_off += i * in_p.strides()[static_cast<std::size_t>(d)];
      out_off += i * out_p.strides()[static_cast<std::size_t>(d)];
    }
    auto plane_of = [&](const NDArray& a, std::int64_t off) {
      const auto item = static_cast<std::int64_t>(itemsize(a.dtype()));
      return NDArray(a.owner(), a.base(), a.byte_offset() + off * item, a.dtype(), {a.shape(nd - 2), a.shape(nd - 1)},
                     {a.strides()[static_cast<std::size_t>(nd - 2)], a.strides()[static_cast<std::size_t>(nd - 1)]},
                     a.device());
    };
    per_plane.output = plane_of(out_p, out_off);
    affine_transform(plane_of(in_p, in_off), matrix, offset, std::nullopt, per_plane);
  }
  return out;
}

}  // namespace cupix::ndimage
