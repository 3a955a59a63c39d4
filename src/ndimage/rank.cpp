// rank_filter, median_filter and percentile_filter: SciPy's argument handling, the minimum and
// maximum filters for the extreme ranks, and the rank engine (rank_impl.hpp) for the others.
#include "rank.hpp"

#include <algorithm>
#include <set>

#include "arguments.hpp"
#include "backends/backend.hpp"
#include "cupix/core/error.hpp"
#include "cupix/ndimage.hpp"

namespace cupix::ndimage {

namespace detail {

RankSets make_rank_sets(const NDArray& in, const Footprint& fp, bool steps) {
  const std::size_t nd = static_cast<std::size_t>(in.ndim()), count = fp.weights.size();
  std::vector<std::int64_t> table;
  std::vector<std::size_t> starts;  // where each set's offsets and linear offsets begin in `table`
  auto append = [&](const std::vector<std::int32_t>& offsets) {
    const std::size_t n = offsets.size() / std::max<std::size_t>(nd, 1);
    starts.push_back(table.size());
    table.insert(table.end(), offsets.begin(), offsets.end());
    starts.push_back(table.size());
    for (std::size_t f = 0; f < n; ++f) {
      std::int64_t linear = 0;
      for (std::size_t d = 0; d < nd; ++d) linear += offsets[f * nd + d] * in.strides()[d];
      table.push_back(linear);
    }
    return static_cast<int>(n);
  };
  append(fp.offsets);
  RankSets sets;
  if (steps && nd > 0) {
    // Moving one step along axis 0, offset f leaves the window unless f - e is in it, and offset
    // f (relative to the new point) enters unless f + e was in it.
    std::set<std::vector<std::int32_t>> members;
    for (std::size_t f = 0; f < count; ++f)
      members.emplace(fp.offsets.begin() + static_cast<std::ptrdiff_t>(f * nd),
                      fp.offsets.begin() + static_cast<std::ptrdiff_t>((f + 1) * nd));
    std::vector<std::int32_t> leave, enter;
    for (const auto& f : members) {
      auto g = f;
      --g[0];
      if (!members.count(g)) leave.insert(leave.end(), f.begin(), f.end());
      g[0] += 2;
      if (!members.count(g)) enter.insert(enter.end(), f.begin(), f.end());
    }
    sets.leave_count = append(leave);
    sets.enter_count = append(enter);
  }
  sets.table = NDArray::from_vector(table).to(in.device());
  const std::int64_t* base = sets.table.data_as<std::int64_t>();
  sets.offsets = base + starts[0];
  sets.linear = base + starts[1];
  if (starts.size() > 2) {
    sets.leave_offsets = base + starts[2];
    sets.leave_linear = base + starts[3];
    sets.enter_offsets = base + starts[4];
    sets.enter_linear = base + starts[5];
  }
  return sets;
}

}  // namespace detail

namespace {

enum class Operation { rank, median, percentile };

// SciPy's _rank_filter. `value` is the rank or the percentile.
NDArray rank_filter_impl(const NDArray& input, double value, Operation operation, const RankFilterOptions& o) {
  const int nd = input.ndim();
  const std::vector<int> axes = detail::check_axes(o.axes, nd);
  NDArray fp;
  if (o.footprint.defined()) {
    fp = o.footprint.to(Device::cpu()).astype(DType::bool_);
  } else {
    if (o.size.empty() && !axes.empty()) throw RuntimeError("no footprint or filter size provided");
    Shape shape;
    for (std::size_t i = 0; i < axes.size(); ++i)
      shape.push_back(std::max(detail::per_axis(o.size, i, axes.size(), "size"), 0));
    fp = detail::filled(shape, true);
  }
  fp = detail::expand_to_ndim(fp, axes, nd, "footprint").contiguous();
  if (std::count(fp.shape().begin(), fp.shape().end(), 0) > 0)
    throw RuntimeError("footprint.ndim (" + std::to_string(fp.ndim()) + ") must match len(axes) (" +
                       std::to_string(axes.size()) + ")");
  const std::vector<int> origin = detail::expand_origin(o.origin, axes, nd);
  detail::check_origins(fp, origin);
  const bool* f = fp.data_as<bool>();
  const std::int64_t filter_size = std::count(f, f + fp.size(), true);
  std::int64_t rank = 0;
  if (operation == Operation::median) {
    rank = filter_size / 2;
  } else if (operation == Operation::percentile) {
    double percentile = value < 0.0 ? value + 100.0 : value;
    if (!(percentile >= 0.0 && percentile <= 100.0)) throw RuntimeError("invalid percentile");
    rank = percentile == 100.0 ? filter_size - 1
                               : static_cast<std::int64_t>(static_cast<double>(filter_size) * percentile / 100.0);
  } else {
    rank = static_cast<std::int64_t>(value);
  }
  if (rank < 0) rank += filter_size;
  if (rank < 0 || rank >= filter_size) throw RuntimeError("rank not within filter footprint size");

  // Modes: one, or one per filtered axis; SciPy sets the axes it does not filter to 'constant'.
  std::vector<Mode> modes = o.mode;
  if (modes.size() > 1) {
    modes.assign(static_cast<std::size_t>(nd), Mode::constant);
    for (std::size_t i = 0; i < axes.size(); ++i)
      modes[static_cast<std::size_t>(axes[i])] = detail::per_axis(o.mode, i, axes.size(), "mode");
  }
  if (rank == 0 || rank == filter_size - 1) {
    const MinMaxFilterOptions mo{{}, fp, o.output, modes, o.cval, origin, std::nullopt};
    return rank == 0 ? minimum_filter(input, mo) : maximum_filter(input, mo);
  }
  NDArray out = resolve_output(o.output, input, input.shape());
  if (modes.size() > 1) throw RuntimeError("A sequence of modes is not supported by non-separable rank filters");

  // SciPy filters 1-D inputs with another algorithm, which works on int64 copies of integer and
  // bool inputs and float32 copies of float16 ones (so a negative cval stays negative there).
  NDArray x = input;
  const std::int64_t lim2 = input.size() - ((fp.size() - 1) / 2 - (nd ? origin[0] : 0));
  if (nd == 1 && (lim2 >= 0 || input.size() == 1) && input.dtype() != DType::int64 &&
      input.dtype() != DType::float32 && input.dtype() != DType::float64)
    x = input.astype(input.dtype() == DType::float16 ? DType::float32 : DType::int64);
  else if (input.dtype() == DType::float16)
    throw RuntimeError("array type not supported");

  const detail::Footprint footprint = detail::make_footprint(fp.astype(DType::float64), origin);
  // The kernels read neighbours of what they write: results go through a temporary where they
  // would overlap the input, or where the input was widened.
  const bool direct = x.dtype() == input.dtype() && !may_share_memory(input, out);
  const NDArray target = direct ? out : NDArray::empty(out.shape(), x.dtype() == input.dtype() ? out.dtype() : x.dtype(),
                                                       out.device());
  backends::with_backend(input.device(), [&]<class B>(backends::Tag<B>) {
    detail::rank_run<B>(x, target, footprint, static_cast<int>(rank), modes[0], o.cval);
  });
  if (!direct) copy_into(target, out);
  return out;
}

}  // namespace

NDArray rank_filter(const NDArray& input, int rank, const RankFilterOptions& options) {
  return rank_filter_impl(input, rank, Operation::rank, options);
}
NDArray median_filter(const NDArray& input, const RankFilterOptions& options) {
  return rank_filter_impl(input, 0, Operation::median, options);
}
NDArray percentile_filter(const NDArray& input, double percentile, const RankFilterOptions& options) {
  return rank_filter_impl(input, percentile, Operation::percentile, options);
}

}  // namespace cupix::ndimage
