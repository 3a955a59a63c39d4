// Internal: SciPy's argument conventions shared by the ndimage filters.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cupix/core/error.hpp"

namespace cupix::ndimage::detail {

// SciPy's _normalize_sequence: one value for every axis, or exactly one per axis.
template <class T>
T per_axis(const std::vector<T>& values, std::size_t i, std::size_t count, const char* what) {
  if (values.size() == 1) return values[0];
  if (values.size() != count)
    throw RuntimeError(std::string(what) + ": sequence argument must have length equal to input rank");
  return values[i];
}

// SciPy's _check_axes: every axis when unset, else the given axes normalised, in range and unique.
std::vector<int> check_axes(const std::optional<std::vector<int>>& axes, int ndim);

}  // namespace cupix::ndimage::detail
