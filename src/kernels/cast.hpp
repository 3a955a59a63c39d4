// Element conversions shared by every kernel that reads or writes a run-time dtype.
// Float -> integer truncates toward zero and wraps modulo 2^bits, which is what SciPy's C casts do
// on x86-64; unlike a bare C cast it is also defined for NaN (-> 0) and for values beyond int64.
#pragma once
#include <cstdint>
#include <type_traits>

#include "cupix/core/dtype.hpp"
#include "hd.hpp"

namespace cupix::kernels {

// IEEE binary16 <-> float, bit exact (round to nearest even), for float16 arrays.
CUPIX_HD inline float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  std::uint32_t exp = (h >> 10) & 0x1fu;
  std::uint32_t man = h & 0x3ffu;
  std::uint32_t bits;
  if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (man << 13);
  } else if (exp != 0) {
    bits = sign | ((exp + 112u) << 23) | (man << 13);
  } else if (man == 0) {
    bits = sign;
  } else {  // subnormal half: normalise
    exp = 113;
    while (!(man & 0x400u)) { man <<= 1; --exp; }
    bits = sign | (exp << 23) | ((man & 0x3ffu) << 13);
  }
  float f;
  static_assert(sizeof f == sizeof bits);
  __builtin_memcpy(&f, &bits, sizeof f);
  return f;
}

CUPIX_HD inline std::uint16_t float_to_half(float f) {
  std::uint32_t x;
  __builtin_memcpy(&x, &f, sizeof x);
  const std::uint16_t sign = static_cast<std::uint16_t>((x >> 16) & 0x8000u);
  const std::uint32_t absx = x & 0x7fffffffu;
  if (absx >= 0x7f800000u) return sign | (absx > 0x7f800000u ? 0x7e00u : 0x7c00u);  // NaN / inf
  if (absx >= 0x477ff000u) return sign | 0x7c00u;                                     // overflow
  if (absx < 0x33000001u) return sign;                                                // underflow to 0
  std::int32_t exp = static_cast<std::int32_t>(absx >> 23) - 112;
  std::uint32_t man = (absx & 0x7fffffu) | 0x800000u;
  std::uint32_t shift = 13;
  if (exp <= 0) {  // subnormal result
    shift += static_cast<std::uint32_t>(1 - exp);
    exp = 0;
  } else {
    man &= 0x7fffffu;
  }
  const std::uint32_t round_bit = 1u << (shift - 1);
  const std::uint32_t rest = man & ((round_bit << 1) - 1);
  std::uint32_t h = (static_cast<std::uint32_t>(exp) << 10) + (man >> shift);
  if (rest > round_bit || (rest == round_bit && (h & 1u))) ++h;  // carries into the exponent correctly
  return static_cast<std::uint16_t>(sign | h);
}

template <class To, class From>
CUPIX_HD inline To convert(From v) {
  if constexpr (std::is_same_v<To, bool>) {
    return v != From(0);
  } else if constexpr (std::is_floating_point_v<To> || !std::is_floating_point_v<From>) {
    return static_cast<To>(v);  // integer -> integer wraps modulo 2^bits (defined since C++20)
  } else {
    if (!(v == v)) return To(0);
    constexpr From two63 = static_cast<From>(9223372036854775808.0);
    if constexpr (std::is_same_v<To, std::uint64_t>) {
      if (v >= two63) return v >= 2 * two63 ? ~std::uint64_t(0) : static_cast<std::uint64_t>(v);
    }
    const std::int64_t i = v <= -two63 ? INT64_MIN : v >= two63 ? INT64_MAX : static_cast<std::int64_t>(v);
    return static_cast<To>(i);
  }
}

// cupix::is_complex for kernels (device code included).
CUPIX_HD inline bool is_complex_dtype(DType t) { return t == DType::complex64 || t == DType::complex128; }

// Complex elements as (real, imaginary) doubles; `t` is complex64 or complex128.
CUPIX_HD inline void load_complex(const void* p, DType t, double& re, double& im) {
  if (t == DType::complex64) {
    re = static_cast<const float*>(p)[0];
    im = static_cast<const float*>(p)[1];
  } else {
    re = static_cast<const double*>(p)[0];
    im = static_cast<const double*>(p)[1];
  }
}
CUPIX_HD inline void store_complex(void* p, DType t, double re, double im) {
  if (t == DType::complex64) {
    static_cast<float*>(p)[0] = static_cast<float>(re);
    static_cast<float*>(p)[1] = static_cast<float>(im);
  } else {
    static_cast<double*>(p)[0] = re;
    static_cast<double*>(p)[1] = im;
  }
}

// Reads element `p` of run-time dtype `t` as To.
template <class To>
CUPIX_HD inline To load_as(const void* p, DType t) {
  switch (t) {
    case DType::bool_: return convert<To>(*static_cast<const bool*>(p));
    case DType::uint8: return convert<To>(*static_cast<const std::uint8_t*>(p));
    case DType::uint16: return convert<To>(*static_cast<const std::uint16_t*>(p));
    case DType::uint32: return convert<To>(*static_cast<const std::uint32_t*>(p));
    case DType::uint64: return convert<To>(*static_cast<const std::uint64_t*>(p));
    case DType::int8: return convert<To>(*static_cast<const std::int8_t*>(p));
    case DType::int16: return convert<To>(*static_cast<const std::int16_t*>(p));
    case DType::int32: return convert<To>(*static_cast<const std::int32_t*>(p));
    case DType::int64: return convert<To>(*static_cast<const std::int64_t*>(p));
    case DType::float16: return convert<To>(half_to_float(*static_cast<const std::uint16_t*>(p)));
    case DType::float32: return convert<To>(*static_cast<const float*>(p));
    case DType::float64: return convert<To>(*static_cast<const double*>(p));
    // The real part, as NumPy's astype reads a complex number (copy_into refuses complex -> real,
    // so only code that asks for the real part on purpose gets here).
    case DType::complex64: return convert<To>(*static_cast<const float*>(p));
    case DType::complex128: return convert<To>(*static_cast<const double*>(p));
  }
  return To(0);
}

// Writes `v` to element `p` of run-time dtype `t`.
template <class From>
CUPIX_HD inline void store_as(void* p, DType t, From v) {
  switch (t) {
    case DType::bool_: *static_cast<bool*>(p) = convert<bool>(v); return;
    case DType::uint8: *static_cast<std::uint8_t*>(p) = convert<std::uint8_t>(v); return;
    case DType::uint16: *static_cast<std::uint16_t*>(p) = convert<std::uint16_t>(v); return;
    case DType::uint32: *static_cast<std::uint32_t*>(p) = convert<std::uint32_t>(v); return;
    case DType::uint64: *static_cast<std::uint64_t*>(p) = convert<std::uint64_t>(v); return;
    case DType::int8: *static_cast<std::int8_t*>(p) = convert<std::int8_t>(v); return;
    case DType::int16: *static_cast<std::int16_t*>(p) = convert<std::int16_t>(v); return;
    case DType::int32: *static_cast<std::int32_t*>(p) = convert<std::int32_t>(v); return;
    case DType::int64: *static_cast<std::int64_t*>(p) = convert<std::int64_t>(v); return;
    case DType::float16: *static_cast<std::uint16_t*>(p) = float_to_half(convert<float>(v)); return;
    case DType::float32: *static_cast<float*>(p) = convert<float>(v); return;
    case DType::float64: *static_cast<double*>(p) = convert<double>(v); return;
    case DType::complex64:
    case DType::complex128: store_complex(p, t, convert<double>(v), 0.0); return;
  }
}

// How scipy.ndimage's filters store a result: a C cast, which for a bool output keeps the low byte
// of the truncated value (0.5 -> False, 2.0 -> True), unlike NumPy's astype(bool) (v != 0).
template <class From>
CUPIX_HD inline void store_filtered(void* p, DType t, From v) {
  if (t == DType::bool_) *static_cast<bool*>(p) = convert<std::uint8_t>(v) != 0;
  else store_as(p, t, v);
}

}  // namespace cupix::kernels
