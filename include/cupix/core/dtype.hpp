// Element types. Names and promotion rules follow NumPy.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace cupix {

enum class DType : std::uint8_t {
  bool_, uint8, uint16, uint32, uint64, int8, int16, int32, int64, float16, float32, float64,
  complex64, complex128  // pairs of float32 / float64 (real, imaginary), as NumPy stores them
};

// Size of one element in bytes.
std::size_t itemsize(DType t);
// NumPy's name for the dtype ("uint8", "float32", "bool", ...).
std::string_view name(DType t);
bool is_floating(DType t);
bool is_integer(DType t);  // signed or unsigned, bool excluded
bool is_signed(DType t);    // signed integers and real floats
bool is_complex(DType t);

// The C++ type behind a DType, for the dtypes with an arithmetic C++ type (float16 has none on the
// host, so kernels never see it: entry points convert it first, as scikit-image does).
template <class T> struct dtype_of;
template <> struct dtype_of<bool> { static constexpr DType value = DType::bool_; };
template <> struct dtype_of<std::uint8_t> { static constexpr DType value = DType::uint8; };
template <> struct dtype_of<std::uint16_t> { static constexpr DType value = DType::uint16; };
template <> struct dtype_of<std::uint32_t> { static constexpr DType value = DType::uint32; };
template <> struct dtype_of<std::uint64_t> { static constexpr DType value = DType::uint64; };
template <> struct dtype_of<std::int8_t> { static constexpr DType value = DType::int8; };
template <> struct dtype_of<std::int16_t> { static constexpr DType value = DType::int16; };
template <> struct dtype_of<std::int32_t> { static constexpr DType value = DType::int32; };
template <> struct dtype_of<std::int64_t> { static constexpr DType value = DType::int64; };
template <> struct dtype_of<float> { static constexpr DType value = DType::float32; };
template <> struct dtype_of<double> { static constexpr DType value = DType::float64; };
template <class T> inline constexpr DType dtype_v = dtype_of<T>::value;

}  // namespace cupix
