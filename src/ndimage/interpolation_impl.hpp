// Spline interpolation as SciPy's ni_splines.c and ni_interpolation.c compute it: the same boundary
// arithmetic, the same weights, and the same order of the sums, so float64 results agree with
// SciPy's to the last bits. Each output point is one work item on the CPU and on the GPU.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "cupix/core/dispatch.hpp"
#include "interpolation.hpp"
#include "kernels/cast.hpp"
#include "kernels/hd.hpp"

namespace cupix::ndimage::detail {
namespace interp {

// SciPy's NI_ExtendMode as interpolation uses it (grid-mirror is reflect).
enum class Extend { nearest, wrap, reflect, mirror, constant, grid_wrap, grid_constant };

inline Extend extend_of(Mode m) {
  switch (m) {
    case Mode::nearest: return Extend::nearest;
    case Mode::wrap: return Extend::wrap;
    case Mode::reflect:
    case Mode::grid_mirror: return Extend::reflect;
    case Mode::mirror: return Extend::mirror;
    case Mode::constant: return Extend::constant;
    case Mode::grid_wrap: return Extend::grid_wrap;
    case Mode::grid_constant: return Extend::grid_constant;
  }
  return Extend::constant;
}

// Where the spline's taps beyond the edges read: modes without an exact prefilter (constant,
// wrap) or padding use mirror extension.
inline Extend spline_extend_of(Extend e) { return e == Extend::constant || e == Extend::wrap ? Extend::mirror : e; }

// A coordinate outside [0, len - 1] mapped back inside for `mode` (-1 for constant: no value).
CUPIX_HD inline double map_coordinate(double in, std::int64_t len, Extend mode) {
  using I = std::int64_t;
  if (in < 0) {
    switch (mode) {
      case Extend::mirror:
        if (len <= 1) return 0;
        {
          const I sz2 = 2 * len - 2;
          in = static_cast<double>(sz2 * static_cast<I>(-in / static_cast<double>(sz2))) + in;
          return in <= 1 - len ? in + static_cast<double>(sz2) : -in;
        }
      case Extend::reflect:
        if (len <= 1) return 0;
        {
          const I sz2 = 2 * len;
          if (in < -static_cast<double>(sz2)) in = static_cast<double>(sz2 * static_cast<I>(-in / static_cast<double>(sz2))) + in;
          // SciPy's guard: (-in - 1) must not come out as -1 for in just below 0
          return in < -static_cast<double>(len) ? in + static_cast<double>(sz2) : (in > -1e-15 ? 1e-15 : -in) - 1;
        }
      case Extend::wrap:
        if (len <= 1) return 0;
        {
          const I sz = len - 1;
          return in + static_cast<double>(sz * (static_cast<I>(-in / static_cast<double>(sz)) + 1));
        }
      case Extend::grid_wrap:
        if (len <= 1) return 0;
        return in + static_cast<double>(len * (static_cast<I>((-1 - in) / static_cast<double>(len)) + 1));
      case Extend::nearest: return 0;
      case Extend::constant: return -1;
      case Extend::grid_constant: return in;
    }
  } else if (in > static_cast<double>(len - 1)) {
    switch (mode) {
      case Extend::mirror:
        if (len <= 1) return 0;
        {
          const I sz2 = 2 * len - 2;
          in -= static_cast<double>(sz2 * static_cast<I>(in / static_cast<double>(sz2)));
          return in >= static_cast<double>(len) ? static_cast<double>(sz2) - in : in;
        }
      case Extend::reflect:
        if (len <= 1) return 0;
        {
          const I sz2 = 2 * len;
          in -= static_cast<double>(sz2 * static_cast<I>(in / static_cast<double>(sz2)));
          return in >= static_cast<double>(len) ? static_cast<double>(sz2) - in - 1 : in;
        }
      case Extend::wrap:
        if (len <= 1) return 0;
        return in - static_cast<double>((len - 1) * static_cast<I>(in / static_cast<double>(len - 1)));
      case Extend::grid_wrap:
        if (len <= 1) return 0;
        return in - static_cast<double>(len * static_cast<I>(in / static_cast<double>(len)));
      case Extend::nearest: return static_cast<double>(len - 1);
      case Extend::constant: return -1;
      case Extend::grid_constant: return in;
    }
  }
  return in;
}

// The Order + 1 B-spline weights of the taps around x (SciPy's get_spline_interpolation_weights).
template <int Order>
CUPIX_HD inline void spline_weights(double x, double* w) {
  x -= std::floor((Order & 1) ? x : x + 0.5);  // the offset from the middle knot
  double y = x, z = 1.0 - x, t;
  if constexpr (Order == 1) {
    w[0] = 1.0 - x;
  } else if constexpr (Order == 2) {
    w[1] = 0.75 - x * x;
    y = 0.5 - x;
    w[0] = 0.5 * y * y;
  } else if constexpr (Order == 3) {
    w[1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
    w[2] = (z * z * (z - 2.0) * 3.0 + 4.0) / 6.0;
    w[0] = z * z * z / 6.0;
  } else if constexpr (Order == 4) {
    t = x * x;
    w[2] = t * (t * 0.25 - 0.625) + 115.0 / 192.0;
    y = 1.0 + x;
    w[1] = y * (y * (y * (5.0 - y) / 6.0 - 1.25) + 5.0 / 24.0) + 55.0 / 96.0;
    w[3] = z * (z * (z * (5.0 - z) / 6.0 - 1.25) + 5.0 / 24.0) + 55.0 / 96.0;
    y = 0.5 - x;
    t = y * y;
    w[0] = t * t / 24.0;
  } else if constexpr (Order == 5) {
    t = y * y;
    w[2] = t * (t * (0.25 - y / 12.0) - 0.5) + 0.55;
    t = z * z;
    w[3] = t * (t * (0.25 - z / 12.0) - 0.5) + 0.55;
    y += 1.0;
    w[1] = y * (y * (y * (y * (y / 24.0 - 0.375) + 1.25) - 1.75) + 0.625) + 0.425;
    z += 1.0;
    w[4] = z * (z * (z * (z * (z / 24.0 - 0.375) + 1.25) - 1.75) + 0.625) + 0.425;
    y = 1.0 - x;
    t = y * y;
    w[0] = y * t * t / 120.0;
  }
  if constexpr (Order > 0) {
    w[Order] = 1.0;  // the weights sum to 1
    for (int i = 0; i < Order; ++i) w[Order] -= w[i];
  }
}

// --- Prefilter -------------------------------------------------------------------------------

// One line of coefficients, `n` values `s` apart, filtered in place for each pole in turn.
struct SplineLines {
  double* data;
  kernels::Layout lines;  // the other axes: line k starts at data + lines.offset(k)
  std::int64_t n, s;
  int npoles;
  double poles[2];
  Extend mode;

  CUPIX_HD double& at(double* c, std::int64_t i) const { return c[i * s]; }

  CUPIX_HD void causal_init(double* c, double z) const {
    if (mode == Extend::grid_wrap) {
      double zi = z;
      for (std::int64_t i = 1; i < n; ++i) {
        at(c, 0) += zi * at(c, n - i);
        zi *= z;
      }
      at(c, 0) /= 1 - zi;
    } else if (mode == Extend::nearest || mode == Extend::reflect) {
      double zi = z;
      const double zn = std::pow(z, static_cast<double>(n));
      double sum = at(c, 0) + zn * at(c, n - 1);
      for (std::int64_t i = 1; i < n; ++i) {
        sum += zi * (at(c, i) + zn * at(c, n - 1 - i));
        zi *= z;
      }
      at(c, 0) += sum * z / (1 - zn * zn);
    } else {  // mirror (also for constant, grid-constant and wrap)
      double zi = z;
      const double zn1 = std::pow(z, static_cast<double>(n - 1));
      at(c, 0) = at(c, 0) + zn1 * at(c, n - 1);
      for (std::int64_t i = 1; i < n - 1; ++i) {
        at(c, 0) += zi * (at(c, i) + zn1 * at(c, n - 1 - i));
        zi *= z;
      }
      at(c, 0) /= 1 - zn1 * zn1;
    }
  }

  CUPIX_HD void anticausal_init(double* c, double z) const {
    if (mode == Extend::grid_wrap) {
      double zi = z;
      for (std::int64_t i = 0; i < n - 1; ++i) {
        at(c, n - 1) += zi * at(c, i);
        zi *= z;
      }
      at(c, n - 1) *= z / (zi - 1);
    } else if (mode == Extend::nearest || mode == Extend::reflect) {
      at(c, n - 1) *= z / (z - 1);
    } else {
      at(c, n - 1) = (z * at(c, n - 2) + at(c, n - 1)) * z / (z * z - 1);
    }
  }

  CUPIX_HD void operator()(std::int64_t line) const {
    double* c = data + lines.offset(line);
    double gain = 1.0;
    for (int p = 0; p < npoles; ++p) gain *= (1.0 - poles[p]) * (1.0 - 1.0 / poles[p]);
    for (std::int64_t i = 0; i < n; ++i) at(c, i) *= gain;
    for (int p = 0; p < npoles; ++p) {
      const double z = poles[p];
      causal_init(c, z);
      for (std::int64_t i = 1; i < n; ++i) at(c, i) += z * at(c, i - 1);
      anticausal_init(c, z);
      for (std::int64_t i = n - 2; i >= 0; --i) at(c, i) = z * (at(c, i + 1) - at(c, i));
    }
  }
};

// Padded point i: the input's edge value ('nearest') or cval ('grid-constant') outside it.
struct Pad {
  const char* input;
  DType dtype;
  std::int64_t itemsize;
  int ndim, npad;
  std::int64_t shape[kMaxDims], strides[kMaxDims], padded_shape[kMaxDims];
  bool constant;
  double cval;
  double* padded;

  CUPIX_HD void operator()(std::int64_t i) const {
    std::int64_t off = 0, rest = i;
    bool outside = false;
    for (int d = ndim - 1; d >= 0; --d) {
      const std::int64_t q = rest / padded_shape[d];
      std::int64_t c = rest - q * padded_shape[d] - npad;
      rest = q;
      if (c < 0 || c >= shape[d]) {
        outside = true;
        c = c < 0 ? 0 : shape[d] - 1;
      }
      off += c * strides[d];
    }
    padded[i] = constant && outside ? cval : kernels::load_as<double>(input + off * itemsize, dtype);
  }
};

// --- Interpolation ---------------------------------------------------------------------------

// SciPy's store of an interpolated value: unsigned integers round half up and clamp at 0 and
// their maximum, signed ones round half away from zero and clamp (NaN: 0), bool takes the low
// byte of the truncated value.
template <class O>
CUPIX_HD inline void store_rounded(void* p, double t) {
  if constexpr (std::is_floating_point_v<O> || std::is_same_v<O, bool>) {
    (void)t;
  } else if constexpr (std::is_unsigned_v<O>) {
    constexpr double top = static_cast<double>(std::numeric_limits<O>::max());
    t = t > 0 ? t + 0.5 : 0;
    *static_cast<O*>(p) = t >= top ? std::numeric_limits<O>::max() : static_cast<O>(t);
  } else {
    constexpr double top = static_cast<double>(std::numeric_limits<O>::max());
    constexpr double bottom = static_cast<double>(std::numeric_limits<O>::min());
    t = t > 0 ? t + 0.5 : t - 0.5;
    *static_cast<O*>(p) = !(t == t)   ? O(0)
                          : t >= top  ? std::numeric_limits<O>::max()
                          : t <= bottom ? std::numeric_limits<O>::min()
                                        : static_cast<O>(t);
  }
}

CUPIX_HD inline void store_interpolated(void* p, DType t, double v) {
  switch (t) {
    case DType::uint8: return store_rounded<std::uint8_t>(p, v);
    case DType::uint16: return store_rounded<std::uint16_t>(p, v);
    case DType::uint32: return store_rounded<std::uint32_t>(p, v);
    case DType::uint64: return store_rounded<std::uint64_t>(p, v);
    case DType::int8: return store_rounded<std::int8_t>(p, v);
    case DType::int16: return store_rounded<std::int16_t>(p, v);
    case DType::int32: return store_rounded<std::int32_t>(p, v);
    case DType::int64: return store_rounded<std::int64_t>(p, v);
    default: return kernels::store_filtered(p, t, v);  // floats; bool as a C cast
  }
}

// Input samples or coefficients of a run-time dtype (T = void) or of dtype T.
template <class T>
CUPIX_HD inline double read_input(const void* base, std::int64_t off, DType dtype, std::int64_t itemsize) {
  if constexpr (std::is_void_v<T>) {
    return kernels::load_as<double>(static_cast<const char*>(base) + off * itemsize, dtype);
  } else {
    (void)dtype, (void)itemsize;
    return static_cast<double>(static_cast<const T*>(base)[off]);
  }
}

template <class T, int Order>
struct Transform {
  // input (coefficients), strides in elements
  const void* input;
  DType in_dtype;
  std::int64_t in_itemsize;
  int rank;
  std::int64_t ishape[kMaxDims], istride[kMaxDims];
  // output, addressed by its C-order index
  void* out;
  DType out_dtype;
  std::int64_t out_itemsize;
  kernels::Layout out_layout;
  int orank;
  std::int64_t oshape[kMaxDims];
  // the mapping
  Mapping::Kind kind;
  double matrix[kMaxDims * kMaxDims];
  double shift[kMaxDims], zoom[kMaxDims];
  bool has_shift, has_zoom, grid_mode;
  const void* coords;
  bool coords_f32;
  std::int64_t coord_axis_stride;
  kernels::Layout coord_layout;
  // boundaries
  Extend mode, spline_mode;
  double cval;
  int npad;

  CUPIX_HD void input_coordinates(std::int64_t i, double* icoor) const {
    if (kind == Mapping::Kind::coordinates) {
      const std::int64_t off = coord_layout.offset(i);
      for (int h = 0; h < rank; ++h) {
        const std::int64_t k = off + h * coord_axis_stride;
        icoor[h] = coords_f32 ? static_cast<double>(static_cast<const float*>(coords)[k])
                              : static_cast<const double*>(coords)[k];
      }
      return;
    }
    std::int64_t o[kMaxDims];
    std::int64_t rest = i;
    for (int d = orank - 1; d >= 0; --d) {
      const std::int64_t q = rest / oshape[d];
      o[d] = rest - q * oshape[d];
      rest = q;
    }
    if (kind == Mapping::Kind::matrix) {
      const double* p = matrix;
      for (int h = 0; h < rank; ++h) {
        double t = shift[h];
        for (int l = 0; l < orank; ++l) t += static_cast<double>(o[l]) * *p++;
        icoor[h] = t;
      }
    } else {
      for (int h = 0; h < rank; ++h) {
        double cc = static_cast<double>(o[h]);
        if (has_shift) cc += shift[h];
        if (has_zoom) cc = grid_mode ? (cc + 0.5) * zoom[h] - 0.5 : cc * zoom[h];
        icoor[h] = cc;
      }
    }
  }

  CUPIX_HD void operator()(std::int64_t i) const {
    void* dst = static_cast<char*>(out) + out_layout.offset(i) * out_itemsize;
    double icoor[kMaxDims];
    input_coordinates(i, icoor);
    std::int64_t offs[kMaxDims][Order + 1];
    double w[kMaxDims][Order + 1];
    unsigned outside[kMaxDims];  // grid-constant: bit l set when tap l lies outside the input
    const bool unmapped = mode == Extend::grid_constant || mode == Extend::nearest;
    for (int h = 0; h < rank; ++h) {
      const std::int64_t n = ishape[h];
      double cc = icoor[h] + npad;
      if (!(cc - cc == 0)) {  // NaN or infinite: SciPy's arithmetic is undefined here
        store_interpolated(dst, out_dtype, unmapped ? std::numeric_limits<double>::quiet_NaN() : cval);
        return;
      }
      cc = cc < -1e18 ? -1e18 : cc > 1e18 ? 1e18 : cc;  // keeps the integer casts below defined
      if (!unmapped) cc = map_coordinate(cc, n, mode);
      if (!(cc > -1.0 || unmapped)) {
        store_interpolated(dst, out_dtype, cval);
        return;
      }
      const auto start = static_cast<std::int64_t>(std::floor((Order & 1) ? cc : cc + 0.5)) - Order / 2;
      const bool edge = start < 0 || start + Order >= n;
      outside[h] = 0;
      for (int l = 0; l <= Order; ++l) {
        std::int64_t idx = start + l;
        if (mode == Extend::grid_constant) {
          if (idx < 0 || idx >= n) outside[h] |= 1u << l;
        } else if (edge) {
          idx = static_cast<std::int64_t>(map_coordinate(static_cast<double>(idx), n, spline_mode));
        }
        offs[h][l] = idx * istride[h];
      }
      spline_weights<Order>(cc, w[h]);
    }
    // The (Order + 1)^rank taps, last axis fastest, each coefficient times its weights in axis
    // order, summed in turn: SciPy's order of operations.
    int digit[kMaxDims] = {};
    double t = 0.0;
    for (;;) {
      std::int64_t off = 0;
      bool is_cval = false;
      for (int h = 0; h < rank; ++h) {
        off += offs[h][digit[h]];
        is_cval |= ((outside[h] >> digit[h]) & 1u) != 0;
      }
      double coeff = is_cval ? cval : read_input<T>(input, off, in_dtype, in_itemsize);
      if constexpr (Order > 0)
        for (int h = 0; h < rank; ++h) coeff *= w[h][digit[h]];
      t += coeff;
      int h = rank - 1;
      for (; h >= 0; --h) {
        if (++digit[h] <= Order) break;
        digit[h] = 0;
      }
      if (h < 0) break;
    }
    store_interpolated(dst, out_dtype, t);
  }
};

}  // namespace interp

template <class B>
void spline_filter_lines(const NDArray& c, int order, int axis, Mode mode) {
  const std::int64_t n = c.shape(axis);
  if (n <= 1) return;
  interp::SplineLines op{c.data_as<double>(), {}, n, c.strides()[static_cast<std::size_t>(axis)], order / 2, {0, 0},
                         interp::extend_of(mode)};
  // The poles of the B-spline of each order (SciPy's get_filter_poles).
  switch (order) {
    case 2: op.poles[0] = -0.171572875253809902396622551580603843; break;
    case 3: op.poles[0] = -0.267949192431122706472553658494127633; break;
    case 4:
      op.poles[0] = -0.361341225900220177092212841325675255;
      op.poles[1] = -0.013725429297339121360331226939128204;
      break;
    default:
      op.poles[0] = -0.430575347099973791851434783493520110;
      op.poles[1] = -0.043096288203264653822712376822550182;
  }
  std::int64_t lines = 1;
  for (int d = 0; d < c.ndim(); ++d) {
    if (d == axis) continue;
    op.lines.shape[op.lines.ndim] = c.shape(d);
    op.lines.strides[op.lines.ndim++] = c.strides()[static_cast<std::size_t>(d)];
    lines *= c.shape(d);
  }
  B::parallel_for_heavy(lines, op);
}

template <class B>
void pad_for_spline(const NDArray& input, const NDArray& padded, int npad, Mode mode, double cval) {
  interp::Pad op{static_cast<const char*>(input.data()), input.dtype(), static_cast<std::int64_t>(itemsize(input.dtype())),
                 input.ndim(), npad, {}, {}, {}, mode == Mode::grid_constant, cval, padded.data_as<double>()};
  for (int d = 0; d < input.ndim(); ++d) {
    op.shape[d] = input.shape(d);
    op.strides[d] = input.strides()[static_cast<std::size_t>(d)];
    op.padded_shape[d] = padded.shape(d);
  }
  B::parallel_for(padded.size(), op);
}

template <class B>
void geometric_transform(const NDArray& filtered, const NDArray& out, const Mapping& map, int order, Mode mode,
                         double cval, int npad) {
  auto run = [&]<class T, int Order>() {
    interp::Transform<T, Order> op{};
    op.input = filtered.data();
    op.in_dtype = filtered.dtype();
    op.in_itemsize = static_cast<std::int64_t>(itemsize(filtered.dtype()));
    op.rank = filtered.ndim();
    for (int d = 0; d < op.rank; ++d) {
      op.ishape[d] = filtered.shape(d);
      op.istride[d] = filtered.strides()[static_cast<std::size_t>(d)];
    }
    op.out = out.data();
    op.out_dtype = out.dtype();
    op.out_itemsize = static_cast<std::int64_t>(itemsize(out.dtype()));
    op.out_layout = kernels::layout_of(out);
    op.orank = out.ndim();
    for (int d = 0; d < op.orank; ++d) op.oshape[d] = out.shape(d);
    op.kind = map.kind;
    for (std::size_t k = 0; k < map.matrix.size(); ++k) op.matrix[k] = map.matrix[k];
    op.has_shift = !map.shift.empty();
    op.has_zoom = !map.zoom.empty();
    for (std::size_t k = 0; k < map.shift.size(); ++k) op.shift[k] = map.shift[k];
    for (std::size_t k = 0; k < map.zoom.size(); ++k) op.zoom[k] = map.zoom[k];
    op.grid_mode = map.grid_mode;
    if (map.kind == Mapping::Kind::coordinates) {
      const NDArray& c = map.coordinates;
      op.coords = c.data();
      op.coords_f32 = c.dtype() == DType::float32;
      op.coord_axis_stride = c.strides()[0];
      op.coord_layout.ndim = c.ndim() - 1;
      for (int d = 1; d < c.ndim(); ++d) {
        op.coord_layout.shape[d - 1] = c.shape(d);
        op.coord_layout.strides[d - 1] = c.strides()[static_cast<std::size_t>(d)];
      }
    }
    op.mode = interp::extend_of(mode);
    op.spline_mode = interp::spline_extend_of(op.mode);
    op.cval = cval;
    op.npad = npad;
    B::parallel_for(out.size(), op);
  };
  auto with_order = [&]<class T>() {
    switch (order) {
      case 0: return run.template operator()<T, 0>();
      case 1: return run.template operator()<T, 1>();
      case 2: return run.template operator()<T, 2>();
      case 3: return run.template operator()<T, 3>();
      case 4: return run.template operator()<T, 4>();
      default: return run.template operator()<T, 5>();
    }
  };
  // Coefficients (float64) and float32 samples are read directly, other dtypes through a switch.
  if (filtered.dtype() == DType::float64) with_order.template operator()<double>();
  else if (filtered.dtype() == DType::float32) with_order.template operator()<float>();
  else with_order.template operator()<void>();
}

}  // namespace cupix::ndimage::detail
