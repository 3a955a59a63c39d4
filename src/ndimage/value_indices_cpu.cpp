// value_indices on the CPU: a counting sort when the values span a range not much larger than the
// number of points (labels, classes), else a stable sort of the indices by value.
#include <algorithm>
#include <cstring>
#include <numeric>
#include <vector>

#include "backends/cpu/launch.hpp"
#include "cupix/core/dispatch.hpp"
#include "value_indices_impl.hpp"

namespace cupix::ndimage::detail {

namespace {

template <class T>
NDArray host_array(const std::vector<T>& v, DType dtype) {
  NDArray a = NDArray::empty({static_cast<std::int64_t>(v.size())}, dtype);
  if (!v.empty()) std::memcpy(a.data(), v.data(), v.size() * sizeof(T));
  return a;
}

}  // namespace

template <>
ValueGroups group_values_run<backends::Cpu>(const NDArray& arr) {
  const std::int64_t n = arr.size();
  NDArray order = NDArray::empty({n}, DType::int64);
  std::int64_t* ord = order.data_as<std::int64_t>();
  std::vector<std::int64_t> starts, counts;
  NDArray values;
  dispatch<IntegerTypes>(arr.dtype(), "value_indices", [&]<class T>(TypeTag<T>) {
    const NDArray c = arr.contiguous();
    const T* v = c.data_as<T>();
    std::vector<T> distinct;
    if (n > 0) {
      const auto [lo, hi] = std::minmax_element(v, v + n);
      const T low = *lo;
      // Offsets from the minimum, in unsigned arithmetic (no overflow for any pair of values).
      auto offset = [&](T x) { return static_cast<std::uint64_t>(x) - static_cast<std::uint64_t>(low); };
      if (offset(*hi) < static_cast<std::uint64_t>(n) + 65536) {
        std::vector<std::int64_t> next(offset(*hi) + 1, 0);
        for (std::int64_t i = 0; i < n; ++i) ++next[offset(v[i])];
        std::int64_t running = 0;
        for (std::size_t k = 0; k < next.size(); ++k) {
          const std::int64_t count = next[k];
          next[k] = running;
          if (count == 0) continue;
          distinct.push_back(static_cast<T>(low + static_cast<T>(k)));
          starts.push_back(running);
          counts.push_back(count);
          running += count;
        }
        for (std::int64_t i = 0; i < n; ++i) ord[next[offset(v[i])]++] = i;
      } else {
        std::iota(ord, ord + n, std::int64_t{0});
        std::stable_sort(ord, ord + n, [&](std::int64_t a, std::int64_t b) { return v[a] < v[b]; });
        for (std::int64_t i = 0; i < n; ++i) {
          if (i == 0 || v[ord[i]] != v[ord[i - 1]]) {
            distinct.push_back(v[ord[i]]);
            starts.push_back(i);
            counts.push_back(0);
          }
          ++counts.back();
        }
      }
    }
    values = host_array(distinct, arr.dtype());
  });
  return {order, values, host_array(starts, DType::int64), host_array(counts, DType::int64)};
}

template NDArray unravel_run<backends::Cpu>(const NDArray&, const Shape&);

}  // namespace cupix::ndimage::detail
