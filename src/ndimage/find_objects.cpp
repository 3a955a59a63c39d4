// ndimage::find_objects: SciPy's argument rules, then bounds per label (find_objects_impl.hpp).
#include <limits>
#include <string>

#include "backends/backend.hpp"
#include "cupix/ndimage.hpp"
#include "find_objects.hpp"

namespace cupix::ndimage {

std::vector<std::optional<ObjectSlices>> find_objects(const NDArray& input, std::int64_t max_label) {
  if (!input.defined()) throw ValueError("find_objects: input is undefined");
  const int nd = input.ndim();
  if (max_label < 1) {
    if (!is_integer(input.dtype()))  // SciPy takes input.max() as the label count
      throw TypeError("find_objects: without max_label the input must hold integers, got " +
                      std::string(name(input.dtype())));
    if (input.size() == 0) throw ValueError("zero-size array to reduction operation maximum which has no identity");
    max_label = backends::with_backend(input.device(), [&]<class B>(backends::Tag<B>) {
      return detail::max_label_run<B>(input);
    });
    if (max_label < 1) return {};
  }
  const std::int64_t row = 2 * nd + 1;
  if (max_label > (std::int64_t{1} << 27) / row)  // a table of at most 1 GiB
    throw OutOfMemory("find_objects: a table for " + std::to_string(max_label) + " labels is too large");
  std::vector<std::int64_t> init(static_cast<std::size_t>(max_label * row));
  for (std::int64_t k = 0; k < max_label; ++k)
    for (int d = 0; d < nd; ++d) {
      init[static_cast<std::size_t>(k * row + 2 * d)] = std::numeric_limits<std::int64_t>::max();
      init[static_cast<std::size_t>(k * row + 2 * d + 1)] = -1;
    }
  NDArray bounds = NDArray::from_vector(init).to(input.device());
  if (input.size() > 0)
    backends::with_backend(input.device(), [&]<class B>(backends::Tag<B>) {
      detail::find_objects_run<B>(input, max_label, bounds);
    });
  const NDArray host = bounds.to(Device::cpu());
  const std::int64_t* b = host.data_as<std::int64_t>();
  std::vector<std::optional<ObjectSlices>> result(static_cast<std::size_t>(max_label));
  for (std::int64_t k = 0; k < max_label; ++k) {
    const std::int64_t* r = b + k * row;
    if (r[2 * nd] == 0) continue;
    ObjectSlices slices;
    for (int d = 0; d < nd; ++d) slices.emplace_back(r[2 * d], r[2 * d + 1] + 1);
    result[static_cast<std::size_t>(k)] = std::move(slices);
  }
  return result;
}

}  // namespace cupix::ndimage
