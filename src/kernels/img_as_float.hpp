// skimage.util.img_as_float32/64 for one value, with scikit-image's arithmetic: integers are
// multiplied by 1/max(dtype) in float32 when the target is float32 and the input has at most 4
// bytes, in float64 otherwise; signed results are clipped at -1; bool and floats are only cast.
#pragma once
#include <limits>
#include <type_traits>

#include "hd.hpp"

namespace cupix::kernels {

template <class Out, class T>
CUPIX_HD inline Out img_as_float_value(T v) {
  if constexpr (std::is_floating_point_v<T> || std::is_same_v<T, bool>) {
    return static_cast<Out>(v);
  } else {
    using Comp = std::conditional_t<std::is_same_v<Out, float> && sizeof(T) <= 4, float, double>;
    constexpr Comp scale = static_cast<Comp>(1.0 / static_cast<double>(std::numeric_limits<T>::max()));
    Comp x = static_cast<Comp>(v) * scale;
    if constexpr (std::is_signed_v<T>) x = x < Comp(-1) ? Comp(-1) : x;
    return static_cast<Out>(x);
  }
}

}  // namespace cupix::kernels
