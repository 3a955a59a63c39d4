// Spline interpolation as SciPy's ni_splines.c and ni_interpolation.c compute it: the same boundary
// arithmetic and the same weights, so float64 results agree with SciPy's to rounding (the taps
// are summed separably, SciPy's per tap). Each output point is one work item on the CPU and on
// the GPU.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

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

// Lines of coefficients, `n` values `s` apart, filtered in place for each pole in turn. A work
// item takes up to G neighbouring lines (one element apart: lanes) and steps them together, so
// that lines across the rows of an image read whole cache lines, as SciPy's copies into a line
// buffer do. The recursions load K values ahead, so that K memory accesses are in flight at
// once. The GPU runs its own segmented form of the passes with these initial values.
//
// SciPy multiplies the line by the gain first; here the first pole's passes apply it as they
// read (the same products). Its initial sums run over the whole line, with z^i falling to 0
// long before the end for long lines: they stop there, which leaves every sum unchanged.
template <int G>
struct SplineLines {
  static constexpr int K = 8;
  double* data;
  kernels::Layout outer;  // the other axes but the lanes' one: item group k starts at outer.offset(k / groups)
  std::int64_t across;    // lines along the lanes' axis (1 when G == 1)
  std::int64_t groups;    // lane groups per outer line: ceil(across / G)
  std::int64_t n, s;
  int npoles;
  double poles[2];
  Extend mode;
  // Terms of the initial sums (past their first), which also stop where z^i underflows to 0.
  // The GPU's segments cut them short where the rest weighs less than their own cut.
  std::int64_t reach = std::numeric_limits<std::int64_t>::max();

  // The filter's gain, which the first pole's passes apply to the line.
  CUPIX_HD double gain() const {
    double g = 1.0;
    for (int p = 0; p < npoles; ++p) g *= (1.0 - poles[p]) * (1.0 - 1.0 / poles[p]);
    return g;
  }

  // y[0] of the causal pass over a * c (a: the gain on the first pole, else 1), into y0[lane].
  CUPIX_HD void causal_init(const double* c, int lanes, double z, double a, double* y0) const {
    double acc[G] = {};
    double zi = z;
    if (mode == Extend::grid_wrap) {
      for (int g = 0; g < lanes; ++g) acc[g] = a * c[g];
      std::int64_t i = 1;
      for (; i < n && i <= reach && zi != 0; ++i, zi *= z)
        for (int g = 0; g < lanes; ++g) acc[g] += zi * (a * c[(n - i) * s + g]);
      const double zn = i == n && zi != 0 ? zi : std::pow(z, static_cast<double>(n));
      for (int g = 0; g < lanes; ++g) y0[g] = acc[g] / (1 - zn);
    } else if (mode == Extend::nearest || mode == Extend::reflect) {
      const double zn = std::pow(z, static_cast<double>(n));
      for (int g = 0; g < lanes; ++g) acc[g] = a * c[g] + zn * (a * c[(n - 1) * s + g]);
      for (std::int64_t i = 1; i < n && i <= reach && zi != 0; ++i, zi *= z)
        for (int g = 0; g < lanes; ++g) acc[g] += zi * (a * c[i * s + g] + zn * (a * c[(n - 1 - i) * s + g]));
      for (int g = 0; g < lanes; ++g) y0[g] = a * c[g] + acc[g] * z / (1 - zn * zn);
    } else {  // mirror (also for constant, grid-constant and wrap)
      const double zn1 = std::pow(z, static_cast<double>(n - 1));
      for (int g = 0; g < lanes; ++g) acc[g] = a * c[g] + zn1 * (a * c[(n - 1) * s + g]);
      for (std::int64_t i = 1; i < n - 1 && i <= reach && zi != 0; ++i, zi *= z)
        for (int g = 0; g < lanes; ++g) acc[g] += zi * (a * c[i * s + g] + zn1 * (a * c[(n - 1 - i) * s + g]));
      for (int g = 0; g < lanes; ++g) y0[g] = acc[g] / (1 - zn1 * zn1);
    }
  }

  // y[n - 1] of the anti-causal pass over c (the causal pass's output), into yn[lane].
  CUPIX_HD void anticausal_init(const double* c, int lanes, double z, double* yn) const {
    const double* last = c + (n - 1) * s;
    if (mode == Extend::grid_wrap) {
      double acc[G] = {};
      double zi = z;
      for (int g = 0; g < lanes; ++g) acc[g] = last[g];
      std::int64_t i = 0;
      for (; i < n - 1 && i < reach && zi != 0; ++i, zi *= z)
        for (int g = 0; g < lanes; ++g) acc[g] += zi * c[i * s + g];
      const double zn = i == n - 1 && zi != 0 ? zi : std::pow(z, static_cast<double>(n));
      for (int g = 0; g < lanes; ++g) yn[g] = acc[g] * (z / (zn - 1));
    } else if (mode == Extend::nearest || mode == Extend::reflect) {
      for (int g = 0; g < lanes; ++g) yn[g] = last[g] * (z / (z - 1));
    } else {
      for (int g = 0; g < lanes; ++g) yn[g] = (z * last[g - s] + last[g]) * z / (z * z - 1);
    }
  }

  // c[i] = a * c[i] + z * c[i - 1], i = 1 .. n - 1.
  CUPIX_HD void causal(double* c, int lanes, double z, double a) const {
    double prev[G] = {};
    for (int g = 0; g < lanes; ++g) prev[g] = c[g];
    std::int64_t i = 1;
    for (; i + K <= n; i += K) {
      double v[K][G];
      for (int k = 0; k < K; ++k)
        for (int g = 0; g < lanes; ++g) v[k][g] = c[(i + k) * s + g];
      for (int k = 0; k < K; ++k)
        for (int g = 0; g < lanes; ++g) prev[g] = v[k][g] = a * v[k][g] + z * prev[g];
      for (int k = 0; k < K; ++k)
        for (int g = 0; g < lanes; ++g) c[(i + k) * s + g] = v[k][g];
    }
    for (; i < n; ++i)
      for (int g = 0; g < lanes; ++g) prev[g] = c[i * s + g] = a * c[i * s + g] + z * prev[g];
  }

  // c[i] = z * (c[i + 1] - c[i]), i = n - 2 .. 0.
  CUPIX_HD void anticausal(double* c, int lanes, double z) const {
    double next[G] = {};
    for (int g = 0; g < lanes; ++g) next[g] = c[(n - 1) * s + g];
    std::int64_t i = n - 2;
    for (; i - K + 1 >= 0; i -= K) {
      double v[K][G];
      for (int k = 0; k < K; ++k)
        for (int g = 0; g < lanes; ++g) v[k][g] = c[(i - k) * s + g];
      for (int k = 0; k < K; ++k)
        for (int g = 0; g < lanes; ++g) next[g] = v[k][g] = z * (next[g] - v[k][g]);
      for (int k = 0; k < K; ++k)
        for (int g = 0; g < lanes; ++g) c[(i - k) * s + g] = v[k][g];
    }
    for (; i >= 0; --i)
      for (int g = 0; g < lanes; ++g) next[g] = c[i * s + g] = z * (next[g] - c[i * s + g]);
  }

  CUPIX_HD void operator()(std::int64_t item) const {
    const std::int64_t k = item / groups, g0 = (item - k * groups) * G;
    const int lanes = G == 1 ? 1 : static_cast<int>(across - g0 < G ? across - g0 : G);
    double* c = data + outer.offset(k) + g0;
    for (int p = 0; p < npoles; ++p) {
      const double z = poles[p], a = p == 0 ? gain() : 1.0;
      double y[G];
      causal_init(c, lanes, z, a, y);
      for (int g = 0; g < lanes; ++g) c[g] = y[g];
      causal(c, lanes, z, a);
      anticausal_init(c, lanes, z, y);
      for (int g = 0; g < lanes; ++g) c[(n - 1) * s + g] = y[g];
      anticausal(c, lanes, z);
    }
  }
};

// The GPU's form of the same filter (spline_filter_cuda.cu): lines cut into segments that run in
// parallel, each started early enough that where it began no longer matters.
void spline_filter_segments(const SplineLines<1>& line, std::int64_t lines, const Device& device);

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

// SciPy's store of an interpolated value in an integer dtype: unsigned integers round half up and
// clamp at 0 and their maximum, signed ones round half away from zero and clamp (NaN: 0).
template <class O>
CUPIX_HD inline void store_rounded(void* p, double t) {
  static_assert(std::is_integral_v<O> && !std::is_same_v<O, bool>);
  if constexpr (std::is_unsigned_v<O>) {
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

// One output point per work item. R is the input rank when known at compile time (2, 3), else 0
// (any rank up to kMaxDims): with it, the tap arrays live in registers and the loops unroll.
template <class T, int Order, int R>
struct Transform {
  static constexpr int kRank = R > 0 ? R : kMaxDims;
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
  bool small_output;  // fewer than 2^32 points
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

  CUPIX_HD int axes() const { return R > 0 ? R : rank; }

  CUPIX_HD void input_coordinates(std::int64_t i, double* icoor) const {
    if (kind == Mapping::Kind::coordinates) {
      const std::int64_t off = coord_layout.offset(i);
      for (int h = 0; h < axes(); ++h) {
        const std::int64_t k = off + h * coord_axis_stride;
        icoor[h] = coords_f32 ? static_cast<double>(static_cast<const float*>(coords)[k])
                              : static_cast<const double*>(coords)[k];
      }
      return;
    }
    // The output point's coordinates, in registers when the output rank is the (compile-time) rank.
    if constexpr (R > 0) {
      if (orank == R) return map_point<R>(i, icoor);
    }
    map_point<0>(i, icoor);
  }

  // Output point i (N: the output rank at compile time, or 0) mapped to input coordinates.
  template <int N>
  CUPIX_HD void map_point(std::int64_t i, double* icoor) const {
    constexpr int kO = N > 0 ? N : kMaxDims;
    const int on = N > 0 ? N : orank;
    std::int64_t o[kO];
    if (small_output) {  // 32-bit division: a fraction of the 64-bit one's cost on a GPU
      auto rest = static_cast<std::uint32_t>(i);
      for (int d = on - 1; d >= 0; --d) {
        const auto n = static_cast<std::uint32_t>(oshape[d]), q = rest / n;
        o[d] = rest - q * n;
        rest = q;
      }
    } else {
      std::int64_t rest = i;
      for (int d = on - 1; d >= 0; --d) {
        const std::int64_t q = rest / oshape[d];
        o[d] = rest - q * oshape[d];
        rest = q;
      }
    }
    if (kind == Mapping::Kind::matrix) {
      for (int h = 0; h < axes(); ++h) {
        const double* p = matrix + h * on;
        double t = shift[h];
        for (int l = 0; l < on; ++l) t += static_cast<double>(o[l]) * p[l];
        icoor[h] = t;
      }
    } else {
      for (int h = 0; h < axes(); ++h) {
        double cc = static_cast<double>(o[h]);
        if (has_shift) cc += shift[h];
        if (has_zoom) cc = grid_mode ? (cc + 0.5) * zoom[h] - 0.5 : cc * zoom[h];
        icoor[h] = cc;
      }
    }
  }

  // The taps of one axis: element offsets, weights, and (grid-constant) which lie outside.
  struct Taps {
    std::int64_t offset[Order + 1];
    double weight[Order + 1];
    unsigned outside;
  };

  CUPIX_HD double tap(std::int64_t off, bool is_cval) const {
    return is_cval ? cval : read_input<T>(input, off, in_dtype, in_itemsize);
  }

  // The weighted sum over every tap, Σ_l w_0[l] Σ_m w_1[m] ... c[l, m, ...], for any rank: an
  // odometer over the taps with one partial sum per axis (SciPy sums coefficient x weights per
  // tap instead; the results agree to rounding).
  CUPIX_HD double sum_runtime_rank(const Taps* taps) const {
    const int n = axes();
    int digit[kMaxDims] = {};
    double partial[kMaxDims] = {};
    std::int64_t base[kMaxDims + 1];
    bool bad[kMaxDims + 1];
    base[0] = 0;
    bad[0] = false;
    for (int h = 0; h + 1 < n; ++h) {
      base[h + 1] = base[h] + taps[h].offset[0];
      bad[h + 1] = bad[h] || (taps[h].outside & 1u);
    }
    const int last = n - 1;
    for (;;) {
      const int d = digit[last];
      partial[last] += taps[last].weight[d] * tap(base[last] + taps[last].offset[d], bad[last] || ((taps[last].outside >> d) & 1u));
      int k = last;
      while (++digit[k] > Order) {  // axis k done: fold its sum into axis k - 1's current tap
        digit[k] = 0;
        const double v = partial[k];
        partial[k] = 0;
        if (k == 0) return v;
        --k;
        partial[k] += taps[k].weight[digit[k]] * v;
      }
      for (int h = k; h < last; ++h) {
        base[h + 1] = base[h] + taps[h].offset[digit[h]];
        bad[h + 1] = bad[h] || ((taps[h].outside >> digit[h]) & 1u);
      }
    }
  }

  CUPIX_HD double sum(const Taps* taps) const {
    if constexpr (R == 2) {
      double t = 0.0;
      for (int i = 0; i <= Order; ++i) {
        const bool bi = (taps[0].outside >> i) & 1u;
        double s = 0.0;
        for (int j = 0; j <= Order; ++j)
          s += taps[1].weight[j] * tap(taps[0].offset[i] + taps[1].offset[j], bi || ((taps[1].outside >> j) & 1u));
        t += taps[0].weight[i] * s;
      }
      return t;
    } else if constexpr (R == 3) {
      double t = 0.0;
      for (int i = 0; i <= Order; ++i) {
        const bool bi = (taps[0].outside >> i) & 1u;
        double s = 0.0;
        for (int j = 0; j <= Order; ++j) {
          const bool bj = bi || ((taps[1].outside >> j) & 1u);
          const std::int64_t oij = taps[0].offset[i] + taps[1].offset[j];
          double u = 0.0;
          for (int k = 0; k <= Order; ++k)
            u += taps[2].weight[k] * tap(oij + taps[2].offset[k], bj || ((taps[2].outside >> k) & 1u));
          s += taps[1].weight[j] * u;
        }
        t += taps[0].weight[i] * s;
      }
      return t;
    } else {
      return sum_runtime_rank(taps);
    }
  }

  CUPIX_HD void operator()(std::int64_t i) const {
    void* dst = static_cast<char*>(out) + out_layout.offset(i) * out_itemsize;
    double icoor[kRank];
    input_coordinates(i, icoor);
    Taps taps[kRank];
    const bool unmapped = mode == Extend::grid_constant || mode == Extend::nearest;
    for (int h = 0; h < axes(); ++h) {
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
      Taps& t = taps[h];
      t.outside = 0;
      for (int l = 0; l <= Order; ++l) {
        std::int64_t idx = start + l;
        if (mode == Extend::grid_constant) {
          if (idx < 0 || idx >= n) t.outside |= 1u << l;
        } else if (edge) {
          idx = static_cast<std::int64_t>(map_coordinate(static_cast<double>(idx), n, spline_mode));
        }
        t.offset[l] = idx * istride[h];
      }
      if constexpr (Order == 0) t.weight[0] = 1.0;
      else spline_weights<Order>(cc, t.weight);
    }
    store_interpolated(dst, out_dtype, sum(taps));
  }
};

// The line geometry of `c` along `axis` for G lanes, with the poles of the B-spline of `order`
// (SciPy's get_filter_poles). Returns it with the number of work items.
template <int G>
std::pair<SplineLines<G>, std::int64_t> spline_lines(const NDArray& c, int order, int axis, Mode mode) {
  const int nd = c.ndim();
  SplineLines<G> op{c.data_as<double>(), {}, 1, 1, c.shape(axis), c.strides()[static_cast<std::size_t>(axis)],
                    order / 2, {0, 0}, extend_of(mode)};
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
  std::int64_t outer_lines = 1;
  for (int d = 0; d < nd; ++d) {
    if (d == axis || (G > 1 && d == nd - 1)) continue;
    op.outer.shape[op.outer.ndim] = c.shape(d);
    op.outer.strides[op.outer.ndim++] = c.strides()[static_cast<std::size_t>(d)];
    outer_lines *= c.shape(d);
  }
  if constexpr (G > 1) {
    op.across = c.shape(nd - 1);
    op.groups = (op.across + G - 1) / G;
  }
  return {op, outer_lines * op.groups};
}

}  // namespace interp

template <class B>
void spline_filter_lines(const NDArray& c, int order, int axis, Mode mode) {
  if (c.shape(axis) <= 1) return;
  const int nd = c.ndim();
  if constexpr (B::is_cuda) {
    const auto [line, lines] = interp::spline_lines<1>(c, order, axis, mode);
    interp::spline_filter_segments(line, lines, c.device());
  } else {
    // Lanes on the CPU: neighbouring lines one element apart (axis is not the innermost one).
    const bool lanes = axis != nd - 1 && c.strides()[static_cast<std::size_t>(nd - 1)] == 1;
    if (lanes) {
      const auto [op, items] = interp::spline_lines<8>(c, order, axis, mode);
      B::parallel_for_heavy(items, op);
    } else {
      const auto [op, items] = interp::spline_lines<1>(c, order, axis, mode);
      B::parallel_for_heavy(items, op);
    }
  }
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
  auto run = [&]<class T, int Order, int R>() {
    interp::Transform<T, Order, R> op{};
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
    op.out_layout = kernels::flat_layout_of(out);
    op.orank = out.ndim();
    for (int d = 0; d < op.orank; ++d) op.oshape[d] = out.shape(d);
    op.small_output = out.size() < (std::int64_t(1) << 32);
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
      // The points' coordinates along one axis: c[0], an array of the output's shape.
      const Shape strides(c.strides().begin() + 1, c.strides().end());
      op.coord_layout = kernels::flat_layout_of(
          NDArray(c.owner(), c.base(), c.byte_offset(), c.dtype(), out.shape(), strides, c.device()));
    }
    op.mode = interp::extend_of(mode);
    op.spline_mode = interp::spline_extend_of(op.mode);
    op.cval = cval;
    op.npad = npad;
    // At most 64 registers a thread on the GPU (118 unbounded, 2 blocks per SM): measured on the
    // H100, 3-D order 1 0.60 -> 0.38 ms, shift of uint8 order 1 1.2x -> 1.9x CuPy; order 3 no worse.
    B::template parallel_for_occupied<4>(out.size(), op);
  };
  auto with_order = [&]<class T, int R>() {
    switch (order) {
      case 0: return run.template operator()<T, 0, R>();
      case 1: return run.template operator()<T, 1, R>();
      case 2: return run.template operator()<T, 2, R>();
      case 3: return run.template operator()<T, 3, R>();
      case 4: return run.template operator()<T, 4, R>();
      default: return run.template operator()<T, 5, R>();
    }
  };
  // The rank fixed for 2-D and 3-D, else general; coefficients (float64) and float32 samples read
  // directly, other dtypes through a switch on the dtype.
  auto with_rank = [&]<class T>() {
    if (filtered.ndim() == 2) return with_order.template operator()<T, 2>();
    if (filtered.ndim() == 3) return with_order.template operator()<T, 3>();
    return with_order.template operator()<T, 0>();
  };
  // 8- and 16-bit images at orders 0 and 1 (no prefilter) are read directly too.
  auto with_samples = [&]<class T>() {
    const int nd = filtered.ndim();
    if (order > 1 || (nd != 2 && nd != 3)) return with_rank.template operator()<void>();
    if (nd == 2) return order == 0 ? run.template operator()<T, 0, 2>() : run.template operator()<T, 1, 2>();
    return order == 0 ? run.template operator()<T, 0, 3>() : run.template operator()<T, 1, 3>();
  };
  switch (filtered.dtype()) {
    case DType::float64: return with_rank.template operator()<double>();
    case DType::float32: return with_rank.template operator()<float>();
    case DType::uint8: return with_samples.template operator()<std::uint8_t>();
    case DType::uint16: return with_samples.template operator()<std::uint16_t>();
    default: return with_rank.template operator()<void>();
  }
}

}  // namespace cupix::ndimage::detail
