// ndimage::value_indices: SciPy's argument rules, each backend's grouping, then coordinates.
#include <cstring>

#include "backends/backend.hpp"
#include "cupix/core/dispatch.hpp"
#include "cupix/ndimage.hpp"
#include "value_indices.hpp"

namespace cupix::ndimage {

namespace {

// `a` without element k (a host array of one dimension).
NDArray without(const NDArray& a, std::int64_t k) {
  NDArray out = NDArray::empty({a.size() - 1}, a.dtype());
  const auto item = static_cast<std::size_t>(itemsize(a.dtype()));
  std::memcpy(out.data(), a.data(), static_cast<std::size_t>(k) * item);
  std::memcpy(static_cast<char*>(out.data()) + k * item, static_cast<const char*>(a.data()) + (k + 1) * item,
              static_cast<std::size_t>(a.size() - k - 1) * item);
  return out;
}

}  // namespace

ValueIndices value_indices(const NDArray& arr, std::optional<std::int64_t> ignore_value) {
  if (!arr.defined()) throw ValueError("value_indices: arr is undefined");
  if (!is_integer(arr.dtype())) throw ValueError("Parameter 'arr' must be an integer array");
  return backends::with_backend(arr.device(), [&]<class B>(backends::Tag<B>) {
    detail::ValueGroups g = detail::group_values_run<B>(arr);
    if (ignore_value) {
      dispatch<IntegerTypes>(arr.dtype(), "value_indices", [&]<class T>(TypeTag<T>) {
        const T ignored = static_cast<T>(*ignore_value);
        for (std::int64_t k = 0; k < g.values.size(); ++k) {
          if (g.values.data_as<T>()[k] != ignored) continue;
          g.values = without(g.values, k);
          g.starts = without(g.starts, k);
          g.counts = without(g.counts, k);
          break;
        }
      });
    }
    return ValueIndices{g.values, g.starts, g.counts, g.coordinates};
  });
}

}  // namespace cupix::ndimage
