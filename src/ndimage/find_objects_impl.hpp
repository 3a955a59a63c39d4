// Bounding boxes by atomic minimum and maximum per label and axis. A point reads the current bound
// first and only calls the atomic when it would move it, so the points of a large object (all
// writing the same few words) mostly just read.
#pragma once
#include <limits>

#include "cupix/core/dispatch.hpp"
#include "find_objects.hpp"
#include "kernels/atomic.hpp"
#include "kernels/cast.hpp"
#include "kernels/hd.hpp"

namespace cupix::ndimage::detail {

// The largest value, C points per work item (4096 on the CPU, one atomic per item; one on the GPU).
template <class T, int C>
struct MaxLabel {
  const T* input;
  kernels::Layout layout;
  bool contiguous;  // C-contiguous input: plain indices (the CPU's loop then vectorises)
  std::int64_t size;
  std::int64_t* result;
  CUPIX_HD void operator()(std::int64_t item) const {
    const std::int64_t start = item * C, stop = start + C < size ? start + C : size;
    T m = input[layout.offset(start)];  // in the input's type: narrower lanes than int64's
    if (contiguous) {
      for (std::int64_t i = start + 1; i < stop; ++i) m = input[i] > m ? input[i] : m;
    } else {
      for (std::int64_t i = start + 1; i < stop; ++i) {
        const T w = input[layout.offset(i)];
        m = w > m ? w : m;
      }
    }
    const auto v = kernels::convert<std::int64_t>(m);
    if (v > kernels::atomic_read(result)) kernels::atomic_max(result, v);
  }
};

// A work item is C consecutive points of one row (a line along the last axis): the CPU takes 64,
// the GPU one per thread.
template <class T, int C>
struct ObjectBounds {
  const T* input;
  kernels::Layout layout;
  bool contiguous;  // C-contiguous input: plain indices
  int ndim;
  std::int64_t shape[kMaxDims];
  std::int64_t n_last, items_per_row, max_label;
  std::int64_t* bounds;

  CUPIX_HD static void lower(std::int64_t* b, std::int64_t c) {
    if (c < kernels::atomic_read(b)) kernels::atomic_min(b, c);
  }
  CUPIX_HD static void raise(std::int64_t* b, std::int64_t c) {
    if (c > kernels::atomic_read(b)) kernels::atomic_max(b, c);
  }

  CUPIX_HD void operator()(std::int64_t item) const {
    const std::int64_t row = item / items_per_row, start = (item - row * items_per_row) * C;
    const std::int64_t stop = start + C < n_last ? start + C : n_last;
    const std::int64_t row_stride = 2 * ndim + 1;
    // Runs of one label along the row: the last axis' bounds move once per run, the other axes'
    // once per label change.
    std::int64_t previous = 0, run_start = start;  // previous: the run's label, 0 for none
    const auto end_run = [&](std::int64_t last_x) {
      if (previous == 0 || ndim == 0) return;
      std::int64_t* b = bounds + (previous - 1) * row_stride + 2 * (ndim - 1);
      lower(b, run_start);
      raise(b + 1, last_x);
    };
    for (std::int64_t x = start; x < stop; ++x) {
      const std::int64_t i = row * n_last + x;
      auto v = kernels::convert<std::int64_t>(input[contiguous ? i : layout.offset(i)]);
      if (v < 1 || v > max_label) v = 0;
      if (v == previous) continue;
      end_run(x - 1);
      previous = v;
      run_start = x;
      if (v == 0) continue;
      std::int64_t* b = bounds + (v - 1) * row_stride;
      std::int64_t rest = row;
      for (int d = ndim - 2; d >= 0; --d) {
        const std::int64_t q = rest / shape[d], c = rest - q * shape[d];
        rest = q;
        lower(b + 2 * d, c);
        raise(b + 2 * d + 1, c);
      }
      if (kernels::atomic_read(b + 2 * ndim) == 0) kernels::atomic_max(b + 2 * ndim, std::int64_t{1});
    }
    end_run(stop - 1);
  }
};

template <class B>
std::int64_t max_label_run(const NDArray& input) {
  NDArray result = NDArray::from_vector(std::vector<std::int64_t>{std::numeric_limits<std::int64_t>::min()})
                       .to(input.device());
  dispatch<TypeList<bool, std::uint8_t, std::uint16_t, std::uint32_t, std::uint64_t, std::int8_t, std::int16_t,
                    std::int32_t, std::int64_t>>(input.dtype(), "find_objects", [&]<class T>(TypeTag<T>) {
    constexpr int C = B::is_cuda ? 1 : 4096;  // CPU items long enough that the loop, not the item, costs
    B::parallel_for((input.size() + C - 1) / C,
                    MaxLabel<T, C>{input.data_as<T>(), kernels::flat_layout_of(input), input.is_c_contiguous(),
                                   input.size(), result.data_as<std::int64_t>()});
  });
  return result.to(Device::cpu()).data_as<std::int64_t>()[0];
}

template <class B>
void find_objects_run(const NDArray& input, std::int64_t max_label, const NDArray& bounds) {
  constexpr int C = B::is_cuda ? 1 : 64;
  const int nd = input.ndim();
  // A 0-d array is one row of one point with no axes to bound.
  const std::int64_t n_last = nd == 0 ? 1 : input.shape(nd - 1), items_per_row = (n_last + C - 1) / C;
  dispatch<AllTypes>(input.dtype(), "find_objects", [&]<class T>(TypeTag<T>) {
    ObjectBounds<T, C> op{input.data_as<T>(), kernels::flat_layout_of(input), input.is_c_contiguous(), nd, {}, n_last,
                          items_per_row, max_label, bounds.data_as<std::int64_t>()};
    for (int d = 0; d < nd; ++d) op.shape[d] = input.shape(d);
    B::parallel_for(input.size() / n_last * items_per_row, op);
  });
}

}  // namespace cupix::ndimage::detail
