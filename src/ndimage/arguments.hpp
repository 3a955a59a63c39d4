// Internal: SciPy's argument conventions shared by the ndimage filters.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cupix/core/error.hpp"
#include "cupix/core/ndarray.hpp"

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

// SciPy's _expand_footprint: `a` must have one dimension per filtered axis (RuntimeError naming
// `what` otherwise); with fewer axes than dimensions, its dimension j becomes the j-th filtered
// axis in increasing order (np.expand_dims).
NDArray expand_to_ndim(const NDArray& a, const std::vector<int>& axes, int ndim, const char* what);

// SciPy's origin rule: size / 2 + origin must lie in [0, size) (ValueError "invalid origin"),
// for one axis, and for every axis of an n-D window with one origin per axis.
void check_origin(std::int64_t size, std::int64_t origin);
void check_origins(const NDArray& window, const std::vector<int>& origin);

// SciPy's return-flag rules of the distance transforms: RuntimeError listing every broken one.
void check_return_flags(bool return_distances, bool return_indices, bool distances_given, bool indices_given);

// ValueError unless `a` (an argument array named `what`) is on the input's device.
void check_same_device(const NDArray& a, const NDArray& input, const char* what);

// A bool array of `shape` with every element `value`, made on the host and moved to `device`.
NDArray filled(const Shape& shape, bool value, Device device = Device::cpu());

// `a` reversed along every axis (C-contiguous copy), as a convolution or a dilation reflects its
// window.
NDArray reversed(const NDArray& a);

// SciPy's _expand_origin: origin j applies to axes[j], the other axes get 0.
std::vector<int> expand_origin(const std::vector<int>& origin, const std::vector<int>& axes, int ndim);

}  // namespace cupix::ndimage::detail
