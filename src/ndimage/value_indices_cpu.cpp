// value_indices on the CPU: a counting sort when the values span a range not much larger than the
// number of points (labels, classes), else a stable sort of the indices by value. The counting
// sort runs on chunks of points in parallel (a count table per chunk) and writes coordinates
// directly, stepping them along the points instead of dividing flat indices.
#include <algorithm>
#include <cstring>
#include <numeric>
#include <vector>

#include "backends/cpu/launch.hpp"
#include "cupix/core/dispatch.hpp"
#include "value_indices.hpp"

namespace cupix::ndimage::detail {

namespace {

template <class T>
NDArray host_array(const std::vector<T>& v, DType dtype) {
  NDArray a = NDArray::empty({static_cast<std::int64_t>(v.size())}, dtype);
  if (!v.empty()) std::memcpy(a.data(), v.data(), v.size() * sizeof(T));
  return a;
}

// The coordinates of C-order index i in `shape`.
void unravel(std::int64_t i, const Shape& shape, std::int64_t* c) {
  for (std::size_t d = shape.size(); d-- > 0;) {
    c[d] = i % shape[d];
    i /= shape[d];
  }
}

constexpr std::int64_t kChunks = 16;  // of the counting sort: tables of kChunks x range counts

}  // namespace

template <>
ValueGroups group_values_run<backends::Cpu>(const NDArray& arr) {
  const std::int64_t n = arr.size();
  const int nd = arr.ndim();
  const Shape& shape = arr.shape();
  NDArray coordinates = NDArray::empty({nd, n}, DType::int64);
  std::int64_t* out = coordinates.data_as<std::int64_t>();
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
      // (Compared before adding 1: values spanning all 64 bits would wrap the range to 0.)
      if (offset(*hi) < static_cast<std::uint64_t>(n) + 65535) {
        const std::uint64_t range = offset(*hi) + 1;
        const std::int64_t chunks = range * kChunks <= 4 * static_cast<std::uint64_t>(n) + (1u << 20) ? kChunks : 1;
        const std::int64_t per = (n + chunks - 1) / chunks;
        std::vector<std::int64_t> next(static_cast<std::size_t>(chunks * range), 0);  // [chunk][value]
        backends::Cpu::parallel_for_heavy(chunks, [&](std::int64_t k) {
          std::int64_t* count = next.data() + k * range;
          for (std::int64_t i = k * per, stop = std::min(n, i + per); i < stop; ++i) ++count[offset(v[i])];
        });
        std::int64_t running = 0;  // each chunk's first slot for each value: values first, then chunks
        for (std::uint64_t x = 0; x < range; ++x) {
          const std::int64_t first = running;
          for (std::int64_t k = 0; k < chunks; ++k) {
            std::int64_t& slot = next[static_cast<std::size_t>(k * range + x)];
            const std::int64_t count = slot;
            slot = running;
            running += count;
          }
          if (running == first) continue;
          distinct.push_back(static_cast<T>(low + static_cast<T>(x)));
          starts.push_back(first);
          counts.push_back(running - first);
        }
        backends::Cpu::parallel_for_heavy(chunks, [&](std::int64_t k) {
          std::int64_t* slot = next.data() + k * range;
          std::int64_t coord[kMaxDims] = {};
          const std::int64_t begin = k * per, stop = std::min(n, begin + per);
          if (begin >= stop) return;
          unravel(begin, shape, coord);
          for (std::int64_t i = begin; i < stop; ++i) {
            const std::int64_t p = slot[offset(v[i])]++;
            for (int d = 0; d < nd; ++d) out[d * n + p] = coord[d];
            for (int d = nd - 1; d >= 0 && ++coord[d] == shape[static_cast<std::size_t>(d)]; --d) coord[d] = 0;
          }
        });
      } else {
        std::vector<std::int64_t> order(static_cast<std::size_t>(n));
        std::iota(order.begin(), order.end(), std::int64_t{0});
        std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) { return v[a] < v[b]; });
        for (std::int64_t p = 0; p < n; ++p) {
          const std::int64_t i = order[static_cast<std::size_t>(p)];
          if (p == 0 || v[i] != v[order[static_cast<std::size_t>(p) - 1]]) {
            distinct.push_back(v[i]);
            starts.push_back(p);
            counts.push_back(0);
          }
          ++counts.back();
          std::int64_t coord[kMaxDims];
          unravel(i, shape, coord);
          for (int d = 0; d < nd; ++d) out[d * n + p] = coord[d];
        }
      }
    }
    values = host_array(distinct, arr.dtype());
  });
  return {values, host_array(starts, DType::int64), host_array(counts, DType::int64), coordinates};
}

}  // namespace cupix::ndimage::detail
