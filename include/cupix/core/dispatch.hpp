// The one dtype-dispatch helper. Every C++ entry point that turns a run-time DType into a template
// argument goes through dispatch<List>(), so unsupported dtypes always fail with the same message.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <optional>
#include <type_traits>

#include "cupix/core/dtype.hpp"
#include "cupix/core/error.hpp"

namespace cupix {

template <class... Ts>
struct TypeList {};

template <class T>
struct TypeTag {
  using type = T;
};

using IntegerTypes = TypeList<std::uint8_t, std::uint16_t, std::uint32_t, std::uint64_t, std::int8_t,
                              std::int16_t, std::int32_t, std::int64_t>;
using FloatTypes = TypeList<float, double>;
// Numeric (non-bool) dtypes with a C++ arithmetic type.
using RealTypes = TypeList<std::uint8_t, std::uint16_t, std::uint32_t, std::uint64_t, std::int8_t,
                           std::int16_t, std::int32_t, std::int64_t, float, double>;
using AllTypes = TypeList<bool, std::uint8_t, std::uint16_t, std::uint32_t, std::uint64_t, std::int8_t,
                          std::int16_t, std::int32_t, std::int64_t, float, double>;

namespace detail {
template <class... Ts>
std::string type_names(TypeList<Ts...>) {
  std::string s;
  ((s += (s.empty() ? "" : ", "), s += name(dtype_v<Ts>)), ...);
  return s;
}
}  // namespace detail

// Calls f(TypeTag<T>{}) for the T of List whose dtype is `t` and returns its result; throws TypeError
// naming `what` and the supported dtypes otherwise.
template <class List, class F>
decltype(auto) dispatch(DType t, std::string_view what, F&& f) {
  return [&]<class First, class... Rest>(TypeList<First, Rest...> list) -> decltype(auto) {
    using R = decltype(f(TypeTag<First>{}));
    auto unsupported = [&] {
      return TypeError(std::string(what) + ": dtype " + std::string(name(t)) +
                       " is not supported (supported: " + detail::type_names(list) + ")");
    };
    if constexpr (std::is_void_v<R>) {
      const bool found = ((t == dtype_v<First> ? (f(TypeTag<First>{}), true) : false) || ... ||
                          (t == dtype_v<Rest> ? (f(TypeTag<Rest>{}), true) : false));
      if (!found) throw unsupported();
    } else {
      std::optional<R> result;
      ((t == dtype_v<First> ? (result.emplace(f(TypeTag<First>{})), true) : false) || ... ||
       (t == dtype_v<Rest> ? (result.emplace(f(TypeTag<Rest>{})), true) : false));
      if (!result) throw unsupported();
      return R(std::move(*result));
    }
  }(List{});
}

}  // namespace cupix
