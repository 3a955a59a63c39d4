// Rank filters: the k-th smallest value over a footprint, single source. Three selections share
// the window access (RankWindow):
//  - RankNetOp<T, N>: windows of at most N values sorted in registers (network_select).
//  - RankRadixOp<T>: any window, no storage (radix_select: bits x count reads).
//  - HistRank<T> (8-bit types): a strip of points along axis 0 keeps a 256-bin histogram of its
//    window (plus 16 coarse bins); each step removes the values that leave the window and adds
//    those that enter, then walks the coarse and fine bins to the rank. The storage is passed in:
//    a local array on the CPU, a slice of shared memory on the GPU.
// rank_run picks among them; backends add their own kernels through RankLaunch (the GPU's tiled
// kernel for windows in the last two or three axes reuses network_select and radix_select).
// Values are compared through order-preserving unsigned keys, so NaN sorts last, as numpy.sort.
#pragma once
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "correlate.hpp"
#include "cupix/core/dispatch.hpp"
#include "kernels/boundary.hpp"
#include "kernels/cast.hpp"
#include "kernels/ordered_key.hpp"
#include "rank.hpp"

namespace cupix::ndimage::detail {

using kernels::OrderedKey;

// Where each point's window lies and how its values are read: interior points (the whole window
// inside the array) through linear offsets, the others by mapping coordinates through the mode.
template <class T>
struct RankWindow {
  const T* in;
  char* out;
  kernels::Layout in_l, out_l;
  DType out_dtype;
  std::int64_t out_item;
  const std::int64_t* offsets;  // count x ndim (set by rank_run where a kernel reads them)
  const std::int64_t* linear;   // count: offsets applied to in's strides
  int count;
  int rank;
  std::int64_t lo[kMaxDims], hi[kMaxDims];  // interior coordinates: [lo, hi) per dimension
  Mode mode;
  T cval;

  // All scalars, so a point lives in registers; coordinates are recomputed from `index` for the
  // few points near an edge.
  struct Point {
    std::int64_t index, in_off, out_off;  // index: C-order over the input
    bool interior;
  };

  CUPIX_HD Point locate(std::int64_t i) const {
    Point p{i, 0, 0, true};
    for (int d = in_l.ndim - 1; d >= 0; --d) {
      const std::int64_t q = i / in_l.shape[d], c = i - q * in_l.shape[d];
      p.in_off += c * in_l.strides[d];
      p.out_off += c * out_l.strides[d];
      p.interior = p.interior && c >= lo[d] && c < hi[d];
      i = q;
    }
    return p;
  }

  // The value at p + offset f of the set (offs, lin).
  CUPIX_HD T value(const Point& p, const std::int64_t* offs, const std::int64_t* lin, int f) const {
    if (p.interior) return in[p.in_off + lin[f]];
    const int nd = in_l.ndim;
    std::int64_t off = 0, r = p.index;
    for (int d = nd - 1; d >= 0; --d) {
      const std::int64_t q = r / in_l.shape[d], c = r - q * in_l.shape[d];
      r = q;
      const std::int64_t s = kernels::extend_index(c + offs[f * nd + d], in_l.shape[d], mode);
      if (s < 0) return cval;
      off += s * in_l.strides[d];
    }
    return in[off];
  }
  CUPIX_HD T value(const Point& p, int f) const { return value(p, offsets, linear, f); }

  CUPIX_HD void store(const Point& p, T v) const { kernels::store_filtered(out + p.out_off * out_item, out_dtype, v); }
};

// The rank-th smallest of the keys get(0..count-1), count <= N, held in N registers (padded with
// the largest key) and sorted by a bitonic network: every index is a compile-time constant once
// unrolled, so nothing goes to local memory.
// With Count > 0 the window's size is known when compiling: the padding is then constant, and
// every comparison with it folds away (a 3x3 window sorts with a third of a 16-input network).
template <int N, class K, class Get, int Count = 0>
CUPIX_HD K network_select(int count, int rank, const Get& get) {
  // Narrow keys are held as 32-bit words: registers are 32 bits wide (with 16-bit ones nvcc spills).
  using R = std::conditional_t<(sizeof(K) < 4), std::uint32_t, K>;
  if constexpr (Count > 0) count = Count;
  R v[N];
CUPIX_UNROLL
  for (int f = 0; f < N; ++f) v[f] = (Count > 0 ? f < Count : f < count) ? R(get(f)) : R(K(~K(0)));
CUPIX_UNROLL
  for (int lk = 1; (1 << lk) <= N; ++lk) {
CUPIX_UNROLL
    for (int lj = lk - 1; lj >= 0; --lj) {
CUPIX_UNROLL
      for (int a = 0; a < N; ++a) {
        const int b = a ^ (1 << lj);
        if (b > a && b < N) {  // b < N always holds; it tells g++ so
          const R x = v[a], y = v[b];
          const bool up = (a & (1 << lk)) == 0;
          v[a] = (x < y) == up ? x : y;
          v[b] = (x < y) == up ? y : x;
        }
      }
    }
  }
  // v[rank] without a dynamic index (which would move v to local memory): masks, not selects,
  // which the compiler would turn back into an indexed load.
  R r = 0;
CUPIX_UNROLL
  for (int f = 0; f < N; ++f) r |= R(v[f] & R(R(0) - R(f == rank)));
  return K(r);
}

// The rank-th smallest of the keys get(0..count-1) with no storage: the answer is found bit by
// bit from the top, counting the keys that match the prefix so far with the next bit clear.
template <class K, class Get>
CUPIX_HD K radix_select(int count, int rank, const Get& get) {
  K prefix = 0, mask = 0;
  for (int bit = 8 * static_cast<int>(sizeof(K)) - 1; bit >= 0; --bit) {
    const K b = K(K(1) << bit);
    int zeros = 0;
    for (int f = 0; f < count; ++f) {
      const K k = get(f);
      zeros += (k & mask) == prefix && !(k & b);
    }
    if (rank >= zeros) {
      rank -= zeros;
      prefix |= b;
    }
    mask |= b;
  }
  return prefix;
}

template <class T, int N>
struct RankNetOp : RankWindow<T> {
  using Key = OrderedKey<T>;

  CUPIX_HD void operator()(std::int64_t i) const {
    const auto p = this->locate(i);
    const auto get = [&](int f) { return Key::key(this->value(p, f)); };
    this->store(p, Key::value(network_select<N, typename Key::type>(this->count, this->rank, get)));
  }
};

template <class T>
struct RankRadixOp : RankWindow<T> {
  using Key = OrderedKey<T>;

  CUPIX_HD void operator()(std::int64_t i) const {
    const auto p = this->locate(i);
    const auto get = [&](int f) { return Key::key(this->value(p, f)); };
    this->store(p, Key::value(radix_select<typename Key::type>(this->count, this->rank, get)));
  }
};

// Sliding-histogram rank for 8-bit types along axis 0. Moving from p to p + e (e: one step along
// axis 0), the values at p + f for f in `leave` go out of the window and those at p + e + g for
// g in `enter` come in (both sets precomputed from the footprint, each as offsets and linear
// offsets like the window's own).
template <class T>
struct HistRank : RankWindow<T> {
  using Key = OrderedKey<T>;
  static_assert(sizeof(T) == 1);
  const std::int64_t *leave_offsets, *enter_offsets, *leave_linear, *enter_linear;
  int leave_count, enter_count;
  int strip;          // points per work item along axis 0
  std::int64_t lines;  // points per index along axis 0

  static constexpr int kBins = 256, kCoarse = 16;

  // Work item `item` covers `strip` points along axis 0 of one line; neighbouring items are
  // neighbouring lines, so on the GPU a warp's reads coalesce. `hist` holds kBins counters and
  // `coarse` kCoarse, each `stride` apart; Counter must hold the window's size.
  template <class Counter>
  CUPIX_HD void run(std::int64_t item, Counter* hist, Counter* coarse, int stride) const {
    const std::int64_t n0 = this->in_l.shape[0];
    const std::int64_t line = item % lines;  // C-order index over axes 1..ndim-1
    const std::int64_t c0 = item / lines * strip;
    const int n = static_cast<int>(n0 - c0 < strip ? n0 - c0 : strip);
    auto p = this->locate(c0 * lines + line);
    bool rest_inside = true;  // the line's coordinates along axes 1.. keep the window inside
    for (std::int64_t d = this->in_l.ndim - 1, r = line; d > 0; --d) {
      const std::int64_t q = r / this->in_l.shape[d], c = r - q * this->in_l.shape[d];
      rest_inside = rest_inside && c >= this->lo[d] && c < this->hi[d];
      r = q;
    }
    for (int b = 0; b < kBins; ++b) hist[b * stride] = 0;
    for (int c = 0; c < kCoarse; ++c) coarse[c * stride] = 0;
    // The coarse bin of the last answer and the number of values in the coarse bins below it:
    // neighbouring answers are close, so the next coarse walk starts there (Huang's idea).
    int c = 0, below = 0;
    auto add = [&](T v, int delta) {
      const int b = Key::key(v);
      hist[b * stride] = static_cast<Counter>(hist[b * stride] + delta);
      coarse[(b >> 4) * stride] = static_cast<Counter>(coarse[(b >> 4) * stride] + delta);
      below += (b >> 4) < c ? delta : 0;
    };
    for (int f = 0; f < this->count; ++f) add(this->value(p, f), 1);
    const std::int64_t step_in = this->in_l.strides[0], step_out = this->out_l.strides[0];
    for (int j = 0;; ++j) {
      while (below > this->rank) below -= coarse[--c * stride];
      while (below + coarse[c * stride] <= this->rank) below += coarse[c++ * stride];
      int b = c * 16, at = below;
      while (at + hist[b * stride] <= this->rank) at += hist[b++ * stride];
      this->store(p, Key::value(static_cast<typename Key::type>(b)));
      if (j + 1 == n) break;
      for (int f = 0; f < leave_count; ++f) add(this->value(p, leave_offsets, leave_linear, f), -1);
      const std::int64_t y = c0 + j + 1;  // the new point's coordinate along axis 0
      p.index += lines;
      p.in_off += step_in;
      p.out_off += step_out;
      p.interior = rest_inside && y >= this->lo[0] && y < this->hi[0];
      for (int f = 0; f < enter_count; ++f) add(this->value(p, enter_offsets, enter_linear, f), 1);
    }
  }

};

// Per-backend launches, defined in rank_cpu.cpp and rank_cuda.cu: the histogram strips, and
// windows too large for the register network (CPU: gather and nth_element; GPU: radix select).
// kHistogramFrom: the window size from which 8-bit data use the histogram (its 16-bit counters
// bound the window at 65535 values); kHistogramStrip: points per histogram work item.
// tiled(): a backend's own kernel for windows that lie in the last two or three axes; false
// where it has none.
template <class B>
struct RankLaunch;

template <class T>
RankWindow<T> make_rank_window(const NDArray& in, const NDArray& out, const Footprint& fp, int rank, Mode mode,
                               double cval) {
  RankWindow<T> w{in.data_as<T>(), static_cast<char*>(out.data()), kernels::layout_of(in), kernels::layout_of(out),
                  out.dtype(), static_cast<std::int64_t>(itemsize(out.dtype())), nullptr, nullptr,
                  static_cast<int>(fp.weights.size()), rank, {}, {}, mode,
                  // As SciPy, the constant is first cast to the input's type (-3 becomes 65533 in uint16).
                  kernels::convert<T>(cval)};
  for (int d = 0; d < in.ndim(); ++d) {
    w.lo[d] = -fp.min_offset[static_cast<std::size_t>(d)];
    w.hi[d] = in.shape(d) - fp.max_offset[static_cast<std::size_t>(d)];
  }
  return w;
}

template <class B>
void rank_run(const NDArray& in, const NDArray& out, const Footprint& fp, int rank, Mode mode, double cval) {
  if (in.size() == 0) return;
  dispatch<AllTypes>(in.dtype(), "rank_filter", [&]<class T>(TypeTag<T>) {
    RankWindow<T> w = make_rank_window<T>(in, out, fp, rank, mode, cval);
    const bool histogram = sizeof(T) == 1 && w.count >= RankLaunch<B>::kHistogramFrom && w.count <= 65535;
    if (!histogram && RankLaunch<B>::tiled(w, fp, in, out)) return;
    const RankSets sets = make_rank_sets(in, fp, histogram);
    w.offsets = sets.offsets;
    w.linear = sets.linear;
    if constexpr (sizeof(T) == 1) {
      if (histogram) {
        constexpr int strip = RankLaunch<B>::kHistogramStrip;
        const std::int64_t lines = in.size() / in.shape(0);
        const HistRank<T> op{w,
                             sets.leave_offsets,
                             sets.enter_offsets,
                             sets.leave_linear,
                             sets.enter_linear,
                             sets.leave_count,
                             sets.enter_count,
                             strip,
                             lines};
        return RankLaunch<B>::hist(op, lines * ((in.shape(0) + strip - 1) / strip));
      }
    }
    if (w.count <= 16) return B::parallel_for(in.size(), RankNetOp<T, 16>{w});
    if (w.count <= 32) return B::parallel_for(in.size(), RankNetOp<T, 32>{w});
    RankLaunch<B>::large(w, in.size());
  });
}

}  // namespace cupix::ndimage::detail
