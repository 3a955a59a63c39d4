// Index extension past the edges of a line, exactly as scipy.ndimage's filters extend lines.
#pragma once
#include <cstdint>

#include "cupix/ndimage/mode.hpp"
#include "hd.hpp"

namespace cupix::kernels {

// Maps i (any integer) to the index in [0, n) whose value SciPy uses there, or -1 where the
// constant value applies. Periodic forms: reflect repeats every 2n (d c b a | a b c d | d c b a),
// mirror every 2n-2 (d c b | a b c d | c b a), wrap every n.
CUPIX_HD inline std::int64_t extend_index(std::int64_t i, std::int64_t n, ndimage::Mode mode) {
  using ndimage::Mode;
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case Mode::nearest:
      return i < 0 ? 0 : n - 1;
    case Mode::wrap:
    case Mode::grid_wrap: {
      const std::int64_t r = i % n;
      return r < 0 ? r + n : r;
    }
    case Mode::reflect:
    case Mode::grid_mirror: {
      const std::int64_t p = 2 * n;
      std::int64_t r = i % p;
      if (r < 0) r += p;
      return r < n ? r : p - 1 - r;
    }
    case Mode::mirror: {
      if (n == 1) return 0;
      const std::int64_t p = 2 * n - 2;
      std::int64_t r = i % p;
      if (r < 0) r += p;
      return r < n ? r : p - r;
    }
    case Mode::constant:
    case Mode::grid_constant:
      return -1;
  }
  return -1;
}

}  // namespace cupix::kernels
