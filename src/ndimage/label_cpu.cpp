// The CPU's labelling: slabs of consecutive indices along axis 0, one thread each, scanned in C
// order as a sequential labeller does: each foreground point takes the provisional label of its
// earlier neighbours (uniting theirs) or a new one. A slab's labels are the indices from its first
// point on, so the union-find table is small and dense per slab (it stays in cache, where a
// per-point union-find would roam the whole array). The slabs are then united across their first
// planes with the atomic union, and the table's roots numbered in order.
#include <omp.h>

#include <algorithm>
#include <vector>

#include "backends/cpu/launch.hpp"
#include "label_impl.hpp"

namespace cupix::ndimage::detail {

namespace {

// A slab's own sequential find (path halving without atomics: no other thread sees the slab yet).
template <class I>
I find_in_slab(I* table, I x) {
  while (table[x] != x) {
    table[x] = table[table[x]];
    x = table[x];
  }
  return x;
}

template <class I>
struct Slabs {
  const std::uint8_t* mask;  // nonzero: foreground
  I* lab;
  I* table;
  RowEdges<I> rows;  // over the axes before the last (axis 0 only, for 1-D arrays seen as n x 1)
  I n_last, rows_per_plane, planes;
  const std::int64_t* neighbors;
  int count;
  int slabs;
  std::vector<I> used;  // labels used per slab: table[first point, first point + used)

  I first_plane(int s) const { return static_cast<I>(std::int64_t{planes} * s / slabs); }
  I first_point(int s) const { return first_plane(s) * rows_per_plane * n_last; }

  std::uint64_t covers(int k) const { return static_cast<std::uint64_t>(neighbors[2 * count + k]); }

  // Labels slab s on its own (its first plane counts as the array's first).
  void local(int s) {
    const I lo = first_plane(s), hi = first_plane(s + 1);
    I next = first_point(s);
    for (I r = lo * rows_per_plane; r < hi * rows_per_plane; ++r) {
      const std::uint32_t outer = rows(r) | (r < (lo + 1) * rows_per_plane ? 1u : 0u);
      for (I c = 0; c < n_last; ++c) {
        const I i = r * n_last + c;
        if (!mask[i]) {
          lab[i] = -1;
          continue;
        }
        const std::uint32_t e = rows.at_column(outer, c, n_last);
        I root = -1;
        std::uint64_t united = 0;  // steps whose neighbour was united
        for (int k = 0; k < count; ++k) {
          if ((static_cast<std::uint32_t>(neighbors[count + k]) & e) || (covers(k) & united)) continue;
          const I j = i + static_cast<I>(neighbors[k]);
          if (lab[j] < 0) continue;
          if (k < 64) united |= std::uint64_t{1} << k;
          const I rj = find_in_slab(table, lab[j]);
          if (root < 0 || rj < root) {
            if (root >= 0) table[root] = rj;
            root = rj;
          } else if (rj > root) {
            table[rj] = root;
          }
        }
        if (root < 0) {
          root = next++;
          table[root] = root;
        }
        lab[i] = root;
      }
    }
    used[static_cast<std::size_t>(s)] = next - first_point(s);
  }

  // Unites the first plane of slab s (s >= 1) with the plane before it.
  void across(int s) const {
    const I lo = first_plane(s);
    for (I r = lo * rows_per_plane; r < (lo + 1) * rows_per_plane; ++r) {
      const std::uint32_t outer = rows(r);
      for (I c = 0; c < n_last; ++c) {
        const I i = r * n_last + c;
        if (lab[i] < 0) continue;
        const std::uint32_t e = rows.at_column(outer, c, n_last);
        std::uint64_t united = 0;
        for (int k = 0; k < count; ++k) {
          const auto crosses = static_cast<std::uint32_t>(neighbors[count + k]);
          if (!(crosses & 1u) || (crosses & e) || (covers(k) & united)) continue;  // only steps back along axis 0
          const I j = i + static_cast<I>(neighbors[k]);
          if (lab[j] < 0) continue;
          unite(table, lab[i], lab[j]);
          if (k < 64) united |= std::uint64_t{1} << k;
        }
      }
    }
  }

  // Numbers the roots in order: -(k + 2) for the k-th, and every other used label takes its
  // root's number. Returns the count.
  I number() const {
    std::vector<I> start(static_cast<std::size_t>(slabs) + 1, 0);
#pragma omp parallel for schedule(dynamic) if (slabs > 1)
    for (int s = 0; s < slabs; ++s) {
      const I first = first_point(s), end = first + used[static_cast<std::size_t>(s)];
      I k = 0;
      for (I x = first; x < end; ++x) k += table[x] == x;
      start[static_cast<std::size_t>(s) + 1] = k;
    }
    for (int s = 0; s < slabs; ++s) start[static_cast<std::size_t>(s) + 1] += start[static_cast<std::size_t>(s)];
#pragma omp parallel for schedule(dynamic) if (slabs > 1)
    for (int s = 0; s < slabs; ++s) {
      const I first = first_point(s), end = first + used[static_cast<std::size_t>(s)];
      I k = start[static_cast<std::size_t>(s)];
      for (I x = first; x < end; ++x)
        if (table[x] == x) table[x] = -(k++ + 2);
    }
    // Every root is numbered now: walk each other label up to a negative entry.
#pragma omp parallel for schedule(dynamic) if (slabs > 1)
    for (int s = 0; s < slabs; ++s) {
      const I first = first_point(s), end = first + used[static_cast<std::size_t>(s)];
      for (I x = first; x < end; ++x) {
        I v = load(table + x);
        while (v >= 0) v = load(table + v);
        __atomic_store_n(table + x, v, __ATOMIC_RELAXED);
      }
    }
    return start.back();
  }
};

// The slab scan reads the foreground as bytes: the input itself when it is a C-contiguous array of
// one-byte elements, else its nonzero test (NaN counts) in a bool copy.
template <class I>
Components label_components_cpu(const NDArray& input, I* lab, I n, const LabelNeighbors& nb) {
  const bool bytes = itemsize(input.dtype()) == 1 && input.is_c_contiguous();
  const NDArray mask = bytes ? input : input.astype(DType::bool_);
  NDArray table = NDArray::empty(input.shape(), dtype_v<I>, Device::cpu());  // only the used part is touched
  const Shape& shape = input.shape();
  const Shape s = shape.size() <= 1 ? Shape{n, 1} : shape;
  const int nd = static_cast<int>(s.size());
  Slabs<I> slabs{static_cast<const std::uint8_t*>(mask.data()), lab, table.data_as<I>(), {nd - 1, {}},
                 static_cast<I>(s[static_cast<std::size_t>(nd - 1)]), 1, static_cast<I>(s[0]),
                 nb.table.data_as<std::int64_t>(), nb.count, 1, {}};
  for (int d = 0; d < nd - 1; ++d) slabs.rows.shape[d] = static_cast<I>(s[static_cast<std::size_t>(d)]);
  for (int d = 1; d < nd - 1; ++d) slabs.rows_per_plane *= static_cast<I>(s[static_cast<std::size_t>(d)]);
  if (n >= backends::Cpu::kMinParallel)
    slabs.slabs = static_cast<int>(std::min<std::int64_t>(slabs.planes, 4 * omp_get_max_threads()));
  slabs.used.assign(static_cast<std::size_t>(slabs.slabs), 0);
#pragma omp parallel for schedule(dynamic) if (slabs.slabs > 1)
  for (int k = 0; k < slabs.slabs; ++k) slabs.local(k);
#pragma omp parallel for schedule(dynamic) if (slabs.slabs > 1)
  for (int k = 1; k < slabs.slabs; ++k) slabs.across(k);
  const I count = slabs.number();
  return {table, count};
}

}  // namespace

template <>
Components label_components<backends::Cpu, std::int32_t>(const NDArray& input, std::int32_t* lab, std::int32_t n,
                                                        const LabelNeighbors& nb) {
  return label_components_cpu(input, lab, n, nb);
}
template <>
Components label_components<backends::Cpu, std::int64_t>(const NDArray& input, std::int64_t* lab, std::int64_t n,
                                                        const LabelNeighbors& nb) {
  return label_components_cpu(input, lab, n, nb);
}

template std::int64_t label_run<backends::Cpu>(const NDArray&, const LabelNeighbors&, const NDArray&);

}  // namespace cupix::ndimage::detail
