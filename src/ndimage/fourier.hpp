// Internal: the engine behind the ndimage Fourier filters (fourier_impl.hpp; instantiated in
// fourier_{cpu.cpp,cuda.cu}).
#pragma once
#include <cstdint>
#include <vector>

#include "cupix/core/ndarray.hpp"

namespace cupix::ndimage::detail {

// How an element's per-axis terms combine: a product of factors (gaussian, uniform), a sum of
// squared ellipsoid coordinates (or the coordinate itself in 1-D), or a sum of phases (shift).
enum class FourierKind { product, ellipsoid, shift };

// One term per element along each axis, axis a's at table[start[a] + index] (float64, on the
// input's device). out = input x factor, read and written in any of their dtypes (complex
// included); out may be the input itself.
struct FourierTerms {
  FourierKind kind;
  NDArray table;
  std::vector<std::int64_t> start;
};

template <class B>
void fourier_multiply(const NDArray& input, const NDArray& out, const FourierTerms& terms);

}  // namespace cupix::ndimage::detail
