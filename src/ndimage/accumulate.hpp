// Internal: the element-wise steps of SciPy's generic_laplace and generic_gradient_magnitude,
// with NumPy's semantics in the output dtype (integers wrap; bool adds as "or").
#pragma once
#include "cupix/core/ndarray.hpp"

namespace cupix::ndimage::detail {

enum class Accumulate {
  add,         // out += tmp
  add_square,  // out += tmp * tmp
  square,      // out = out * out
  sqrt,        // out = sqrt(out) in NumPy's loop type for out's dtype, cast back (casting='unsafe')
  subtract,    // out -= tmp
  subtract_from,  // out = tmp - out
  logical_xor,    // out = out != tmp (bool)
  logical_and,    // out = out && tmp (bool)
  logical_or,     // out = out || tmp (bool)
  and_not,        // out = out && !tmp (bool)
};

// `tmp` (same shape and dtype as `out`) is ignored by square and sqrt. Defined in
// accumulate_impl.hpp, instantiated in accumulate_{cpu.cpp,cuda.cu}.
template <class B>
void accumulate_run(const NDArray& out, const NDArray& tmp, Accumulate op);

void accumulate(const NDArray& out, const NDArray& tmp, Accumulate op);

// True where any element of `a` differs from `b` (same shape, dtype and device). Defined in
// accumulate_impl.hpp, instantiated with accumulate_run.
template <class B>
bool any_differ_run(const NDArray& a, const NDArray& b);
bool any_differ(const NDArray& a, const NDArray& b);

}  // namespace cupix::ndimage::detail
