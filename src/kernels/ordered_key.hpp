// Order-preserving unsigned keys of the same width as a value: keys compare as the values do,
// with every NaN after +inf (numpy.sort's order). Rank filters select on them; region statistics
// take minima and maxima of them with integer atomics.
#pragma once
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "hd.hpp"

namespace cupix::kernels {

template <class T>
struct OrderedKey {
  using type = std::conditional_t<sizeof(T) == 1, std::uint8_t,
                                  std::conditional_t<sizeof(T) == 2, std::uint16_t,
                                                     std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>>;
  static constexpr type kSign = type(type(1) << (8 * sizeof(T) - 1));

  static CUPIX_HD type key(T v) {
    if constexpr (std::is_same_v<T, bool>) {
      return v ? 1 : 0;
    } else if constexpr (std::is_floating_point_v<T>) {
      if (!(v == v)) return type(~type(0));  // every NaN after +inf
      type bits;
      std::memcpy(&bits, &v, sizeof bits);
      return (bits & kSign) ? type(~bits) : type(bits | kSign);
    } else if constexpr (std::is_signed_v<T>) {
      return type(static_cast<type>(v) ^ kSign);
    } else {
      return v;
    }
  }
  // The value of a key widened to 64 bits (as tables of keys of any dtype hold them).
  static CUPIX_HD T from_wide(std::uint64_t k) { return value(static_cast<type>(k)); }
  static CUPIX_HD T value(type k) {
    if constexpr (std::is_same_v<T, bool>) {
      return k != 0;
    } else if constexpr (std::is_floating_point_v<T>) {
      const type bits = (k & kSign) ? type(k ^ kSign) : type(~k);
      T v;
      std::memcpy(&v, &bits, sizeof v);
      return v;
    } else if constexpr (std::is_signed_v<T>) {
      return static_cast<T>(type(k ^ kSign));
    } else {
      return k;
    }
  }
};

// keys[i] = the key of point i (C order) of an array, as K (a type at least as wide): what the
// GPU's radix sorts take.
template <class T, class K>
struct KeysOf {
  const T* values;
  Layout layout;
  K* keys;
  CUPIX_HD void operator()(std::int64_t i) const { keys[i] = OrderedKey<T>::key(values[layout.offset(i)]); }
};

}  // namespace cupix::kernels
