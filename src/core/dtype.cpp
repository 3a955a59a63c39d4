#include "cupix/core/dtype.hpp"

namespace cupix {

std::size_t itemsize(DType t) {
  switch (t) {
    case DType::bool_: case DType::uint8: case DType::int8: return 1;
    case DType::uint16: case DType::int16: case DType::float16: return 2;
    case DType::uint32: case DType::int32: case DType::float32: return 4;
    case DType::uint64: case DType::int64: case DType::float64: case DType::complex64: return 8;
    case DType::complex128: return 16;
  }
  return 0;
}

std::string_view name(DType t) {
  switch (t) {
    case DType::bool_: return "bool";
    case DType::uint8: return "uint8";
    case DType::uint16: return "uint16";
    case DType::uint32: return "uint32";
    case DType::uint64: return "uint64";
    case DType::int8: return "int8";
    case DType::int16: return "int16";
    case DType::int32: return "int32";
    case DType::int64: return "int64";
    case DType::float16: return "float16";
    case DType::float32: return "float32";
    case DType::float64: return "float64";
    case DType::complex64: return "complex64";
    case DType::complex128: return "complex128";
  }
  return "?";
}

bool is_floating(DType t) { return t == DType::float16 || t == DType::float32 || t == DType::float64; }
bool is_complex(DType t) { return t == DType::complex64 || t == DType::complex128; }
bool is_integer(DType t) { return t != DType::bool_ && !is_floating(t) && !is_complex(t); }
bool is_signed(DType t) {
  return t == DType::int8 || t == DType::int16 || t == DType::int32 || t == DType::int64 || is_floating(t);
}

}  // namespace cupix
