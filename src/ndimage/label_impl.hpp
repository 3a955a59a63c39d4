// Connected components by concurrent union-find (as in Playne & Hawick, 2018): every foreground
// point starts as its own tree; each point unites with its earlier neighbours, always linking the
// larger root under the smaller with an atomic minimum, so a tree's root is its first point in C
// order. Flattening the trees and numbering the roots in C order (a prefix count) gives SciPy's
// labels exactly. This is the GPU's way; the CPU unites provisional labels per slab, as a
// sequential scan would, and the slabs across their borders with the same atomic union
// (label_cpu.cpp). Writing the labels is shared.
#pragma once
#include "cupix/core/dispatch.hpp"
#include "kernels/atomic.hpp"
#include "kernels/cast.hpp"
#include "kernels/hd.hpp"
#include "label.hpp"

namespace cupix::ndimage::detail {

// A read of a parent that other threads may change. On the GPU a plain (L1-cached) load: an
// outdated parent is still an ancestor, every walk strictly descends, and the atomic minimum
// returns the truth; caching matters because every point of a large component reads its root.
template <class I>
CUPIX_HD inline I load(const I* p) {
#if defined(__CUDA_ARCH__)
  return *p;
#else
  return __atomic_load_n(p, __ATOMIC_RELAXED);
#endif
}

template <class I>
CUPIX_HD inline void store(I* p, I v) {
#if defined(__CUDA_ARCH__)
  *reinterpret_cast<volatile I*>(p) = v;
#else
  __atomic_store_n(p, v, __ATOMIC_RELAXED);
#endif
}

// The root of x's tree. Parents only ever move to smaller indices of the same component, so an
// outdated read still leads to an ancestor.
template <class I>
CUPIX_HD inline I find_root(const I* parent, I x) {
  for (I p = load(parent + x); p != x; p = load(parent + x)) x = p;
  return x;
}

// find_root, pointing each point on the way at its grandparent (path halving), so later finds
// take shorter walks. A halving store may undo a concurrent atomic_min on a point that was no
// longer a root; unite then goes on to unite that point's old parent, so no link is lost.
template <class I>
CUPIX_HD inline I find_and_halve(I* parent, I x) {
  for (I p = load(parent + x); p != x;) {
    const I g = load(parent + p);
    if (g != p) store(parent + x, g);
    x = p;
    p = g;
  }
  return x;
}

template <class I>
CUPIX_HD inline void unite(I* parent, I a, I b) {
  for (;;) {
    a = find_and_halve(parent, a);
    b = find_and_halve(parent, b);
    if (a == b) return;
    if (a < b) {
      const I t = a;
      a = b;
      b = t;
    }
    const I old = kernels::atomic_min(parent + a, b);
    if (old == a) return;  // a was a root and now hangs under b
    a = old;               // a had been linked meanwhile: unite its new parent instead
  }
}

// Which edges of the array a row (a line along the last axis, by its C-order index) touches:
// the bits of LabelNeighbors::crosses for the axes before the last.
template <class I>
struct RowEdges {
  int outer;  // axes before the last
  I shape[kMaxDims];

  CUPIX_HD std::uint32_t operator()(I row) const {
    std::uint32_t m = 0;
    for (int d = outer - 1; d >= 0; --d) {
      const I q = row / shape[d];
      const I c = row - q * shape[d];
      row = q;
      if (c == 0) m |= 1u << (2 * d);
      if (c == shape[d] - 1) m |= 2u << (2 * d);
    }
    return m;
  }

  // The edges of the point at column c of a row whose edges are `row_edges` (n_last columns).
  CUPIX_HD std::uint32_t at_column(std::uint32_t row_edges, I c, I n_last) const {
    return row_edges | (c == 0 ? 1u << (2 * outer) : 0u) | (c == n_last - 1 ? 2u << (2 * outer) : 0u);
  }
};

// Unites one foreground point with its earlier foreground neighbours, with the atomic union.
template <class I>
struct LabelMerge {
  I* parent;
  RowEdges<I> rows;
  I n_last;
  const std::int64_t* table;
  int count;

  CUPIX_HD void operator()(std::int64_t index) const {
    const I i = static_cast<I>(index);
    if (parent[i] < 0) return;
    const I row = i / n_last, c = i - row * n_last;
    const std::uint32_t e = rows.at_column(rows(row), c, n_last);
    std::uint64_t united = 0;  // steps whose neighbour was united
    for (int k = 0; k < count; ++k) {
      if ((static_cast<std::uint32_t>(table[count + k]) & e) || (static_cast<std::uint64_t>(table[2 * count + k]) & united))
        continue;
      const I j = i + static_cast<I>(table[k]);
      if (load(parent + j) < 0) continue;
      unite(parent, i, j);
      if (k < 64) united |= std::uint64_t{1} << k;
    }
  }
};

// After label_components (label.hpp), a point's value is -1 (background), -(k + 2) for the k-th
// component, or an index into `table` holding that; where the table is the output being written in
// place (the GPU's), an entry may already hold the label k + 1.
template <class I, class O>
struct LabelWrite {
  const I *lab, *table;
  O* out;
  kernels::Layout layout;
  CUPIX_HD void operator()(std::int64_t i) const {
    const I p = lab[i];
    const I v = p >= 0 ? load(table + p) : p;  // -1 for background
    out[layout.offset(i)] = kernels::convert<O>(v < 0 ? -v - 1 : v);
  }
};

template <class B, class I>
std::int64_t label_with(const NDArray& input, const LabelNeighbors& nb, const NDArray& out) {
  const I n = static_cast<I>(input.size());
  // The labels live in the output when it is a C-contiguous array of the index type (SciPy's
  // default int32 output), else in a scratch array.
  const bool in_place = out.dtype() == dtype_v<I> && out.is_c_contiguous();
  const NDArray lab = in_place ? out : NDArray::empty(input.shape(), dtype_v<I>, input.device());
  I* l = lab.data_as<I>();
  if (n == 0) return 0;
  const Components c = label_components<B, I>(input, l, n, nb);
  check_label_fits(c.count, out.dtype());
  const I* table = c.table.defined() ? c.table.data_as<I>() : l;
  dispatch<AllTypes>(out.dtype(), "label output", [&]<class O>(TypeTag<O>) {
    B::parallel_for(n, LabelWrite<I, O>{l, table, out.data_as<O>(), kernels::flat_layout_of(out)});
  });
  return c.count;
}

template <class B>
std::int64_t label_run(const NDArray& input, const LabelNeighbors& nb, const NDArray& out) {
  if (input.size() < (std::int64_t{1} << 31) - 1) return label_with<B, std::int32_t>(input, nb, out);
  return label_with<B, std::int64_t>(input, nb, out);
}

}  // namespace cupix::ndimage::detail
