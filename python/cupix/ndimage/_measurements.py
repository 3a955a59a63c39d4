"""Measurements of scipy.ndimage: connected-component labelling and bounding boxes. Signatures,
defaults and errors follow SciPy."""
import operator

import numpy as np

from .. import _core
from .._interop import Call, dtype_of, host_vector


def _is_array(output):
    return output is not None and not isinstance(output, (str, type, np.dtype))


def label(input, structure=None, output=None):
    """Label features in an array (scipy.ndimage.label).

    Connected components of the nonzero elements (NaN counts as nonzero) are numbered
    ``1..num_features`` in the order of their first element in C order, exactly as SciPy numbers
    them; background is 0. `structure` (``3`` along every axis, as many axes as `input`, symmetric;
    default: connectivity 1, as ``generate_binary_structure(input.ndim, 1)``) says which neighbours
    connect. Returns ``(labeled_array, num_features)``, or only ``num_features`` when `output` is an
    array (filled in place). The labels are int32 (int64 from 2**31 - 2 elements on) unless
    `output` names a dtype; labels that do not fit an integer output raise RuntimeError.

    Runs on the input's device: a concurrent union-find over all elements (the same on the CPU
    and the GPU), then a prefix count that numbers the components. An asymmetric structure raises
    ValueError (SciPy raises AssertionError).
    """
    call = Call(input)  # complex inputs raise TypeError there, as in SciPy
    a = call.array(input)
    st = None if structure is None else call.array(np.asarray(host_vector(structure, dtype=bool), order="C"))
    result, count = _core.label(a, st, call.output(output), call.stream)
    if _is_array(output):
        return count
    return call.result(result), count


def find_objects(input, max_label=0):
    """Find objects in a labeled array (scipy.ndimage.find_objects).

    Element ``k - 1`` of the returned list is a tuple of slices (one per axis) bounding label
    ``k``, for ``k = 1 .. max_label``, or None where label ``k`` does not occur; labels below 1 or
    above `max_label` are ignored. With ``max_label < 1`` it is the input's largest value, which
    must then be an integer (TypeError for bool and float inputs, ValueError for empty ones, as
    SciPy); with `max_label` given, bool inputs count as 0/1 and floats are truncated toward zero.

    Computed on the input's device with an atomic minimum and maximum per label and axis.
    """
    call = Call(input)  # complex inputs raise TypeError there, as in SciPy
    a = call.array(input)
    max_label = operator.index(max_label)
    if max_label < 1 and np.dtype(dtype_of(input)).kind not in "iu":
        raise TypeError(f"'numpy.{np.dtype(dtype_of(input)).name}' object cannot be interpreted as an integer")
    return _core.find_objects(a, max_label, call.stream)


# Statistics over labelled regions. `labels` and `index` choose the regions as SciPy does: no
# labels, the whole input; no index, the points whose label is > 0; a scalar index, the points with
# that label; an array index, one region per element. The work runs on the input's device
# (labels must be on the same one); results for one region are NumPy scalars for NumPy inputs and
# 0-d arrays of the caller's framework for GPU inputs.

def _regions(call, input, labels, index):
    a = call.array(input)
    lab = None if labels is None else call.array(labels)
    idx = None
    if labels is not None and index is not None:
        idx = call.array(np.asarray(host_vector(index, dtype=None), order="C"))
    return a, lab, idx


def _statistic(operation, input, labels, index):
    call = Call(input)
    result = call.result(_core.region_statistic(operation, *_regions(call, input, labels, index), call.stream))
    if call.ns == "numpy" and result.ndim == 0:
        return result[()]
    return result


def _host(x):
    return host_vector(x, dtype=None)


def _coordinates(result):
    """Positions and centres as SciPy gives them: a tuple for one region, else a list of tuples."""
    p = _host(result)
    if p.ndim == 1:
        return tuple(p.tolist())
    if p.shape[-1] == 0:  # a 0-d input: every region's coordinates are ()
        return [()] * int(np.prod(p.shape[:-1]))
    return list(zip(*p.reshape(-1, p.shape[-1]).T.tolist()))  # tuples made in C: 3x faster than per row


def sum_labels(input, labels=None, index=None):
    """Sum of the values of `input` in each labelled region (scipy.ndimage.sum_labels).

    One region (no `labels`, no `index`, or a scalar `index`): NumPy's sum dtype (int64 for bool
    and signed inputs, uint64 for unsigned ones, else the input's); an array `index`: float64 of
    its shape, 0 for labels that do not occur.
    """
    return _statistic("sum_labels", input, labels, index)


def sum(input, labels=None, index=None):
    """Alias of `sum_labels`, as in SciPy."""
    return sum_labels(input, labels, index)


def mean(input, labels=None, index=None):
    """Mean of the values of `input` in each labelled region (scipy.ndimage.mean), float64; NaN for
    labels that do not occur (SciPy warns and gives NaN)."""
    return _statistic("mean", input, labels, index)


def variance(input, labels=None, index=None):
    """Variance of the values of `input` in each labelled region (scipy.ndimage.variance).

    float64, NaN for labels that do not occur. Computed in float64 with two passes (the regions' means, then the squared deviations).
    """
    return _statistic("variance", input, labels, index)


def standard_deviation(input, labels=None, index=None):
    """Standard deviation of the values of `input` in each labelled region
    (scipy.ndimage.standard_deviation): the square root of `variance`, in its dtype."""
    return _statistic("standard_deviation", input, labels, index)


def minimum(input, labels=None, index=None):
    """Smallest value of `input` in each labelled region (scipy.ndimage.minimum), in the input's
    dtype. One region: NaN if it holds a NaN, ValueError if it is empty. An array `index`: NaNs
    are skipped unless all values are NaN (SciPy sorts the values), 0 for labels that do not occur.
    """
    return _statistic("minimum", input, labels, index)


def maximum(input, labels=None, index=None):
    """Largest value of `input` in each labelled region (scipy.ndimage.maximum), in the input's
    dtype; NaN if the region holds one; ValueError for one empty region, 0 for labels that do not
    occur in an array `index`."""
    return _statistic("maximum", input, labels, index)


def median(input, labels=None, index=None):
    """Median of the values of `input` in each labelled region (scipy.ndimage.median): the middle
    value or the mean of the two middle ones, NaN sorting last (SciPy's order). float64 for bool
    and integer inputs, else the input's dtype. NaN for one region holding NaN (numpy.median),
    and for empty regions: SciPy gives NaN for one empty region but an arbitrary value of the input
    for a label of an array `index` that does not occur."""
    return _statistic("median", input, labels, index)


def minimum_position(input, labels=None, index=None):
    """Coordinates of the first minimum (C order) of `input` in each labelled region
    (scipy.ndimage.minimum_position): a tuple for one region, a list of tuples for an array
    `index` (zeros for labels that do not occur).

    NaN sorts above every number, so the minimum's position skips NaNs unless all are NaN (SciPy
    raises IndexError for one region holding a NaN)."""
    return _coordinates(_statistic("minimum_position", input, labels, index))


def maximum_position(input, labels=None, index=None):
    """Coordinates of the first maximum (C order) of `input` in each labelled region
    (scipy.ndimage.maximum_position), as `minimum_position`; a region holding NaN gives its first
    NaN's position (SciPy raises IndexError for one region, and picks some NaN for an array
    `index`)."""
    return _coordinates(_statistic("maximum_position", input, labels, index))


def extrema(input, labels=None, index=None):
    """``(minimums, maximums, min_positions, max_positions)`` of `input` in each labelled region
    (scipy.ndimage.extrema), as `minimum`, `maximum`, `minimum_position` and `maximum_position`
    give them, from one pass over the data (two with the positions)."""
    call = Call(input)
    lo, hi, lo_pos, hi_pos = _core.extrema(*_regions(call, input, labels, index), call.stream)
    lo, hi = call.result(lo), call.result(hi)
    if call.ns == "numpy" and lo.ndim == 0:
        lo, hi = lo[()], hi[()]
    return lo, hi, _coordinates(call.result(lo_pos)), _coordinates(call.result(hi_pos))


def center_of_mass(input, labels=None, index=None):
    """Centre of mass (sum of value x coordinate over sum of values, per axis) of `input` in each
    labelled region (scipy.ndimage.center_of_mass): a tuple of floats for one region, a list of
    tuples for an array `index`; inf or NaN where the values sum to 0, as SciPy."""
    return _coordinates(_statistic("center_of_mass", input, labels, index))


def histogram(input, min, max, bins, labels=None, index=None):
    """Histogram of the values of `input` in each labelled region (scipy.ndimage.histogram):
    counts (int64) in `bins` equal bins between `min` and `max` (the last bin includes `max`;
    values outside and NaNs are not counted).

    An array (the caller's framework) for one region, or None for a scalar `index` whose label
    does not occur; for an array `index`, a NumPy object array of its shape holding one such array
    per label, or None for labels that do not occur, as SciPy. ValueError when `max` < `min`, or for `index` without `labels`. A NaN bound counts
    nothing (NumPy's histogram gives arbitrary counts, even negative ones, there).
    """
    if labels is None and index is not None:
        raise ValueError("index without defined labels")
    call = Call(input)
    a, lab, idx = _regions(call, input, labels, index)
    bins = operator.index(bins)
    counts = call.result(_core.histogram(a, float(min), float(max), bins, lab, idx, call.stream))
    if idx is None:
        return counts
    # None for a label that does not occur, as SciPy. Only an empty row (such a label, or values
    # all outside the bins) needs the labels counted.
    present = _host(counts).sum(axis=-1) > 0
    if not present.all():
        present = _host(call.result(_core.region_statistic("count_labels", a, lab, idx, call.stream))) > 0
    if counts.ndim == 1:  # a scalar index
        return counts if present else None
    out = np.empty(present.shape, dtype=object)
    for j in np.ndindex(present.shape):
        out[j] = counts[j] if present[j] else None
    return out


def value_indices(arr, *, ignore_value=None):
    """The indices of each distinct value of an integer array (scipy.ndimage.value_indices): a
    dict from each value (a NumPy scalar of arr's dtype, in ascending order) to the tuple of index
    arrays (int64, one per axis, C order) of the points holding it, without `ignore_value`
    (converted to arr's dtype as NumPy converts it). The index arrays are views of one array of
    coordinates, on arr's device (NumPy, CuPy or PyTorch as arr).

    The points are grouped by a stable sort of their values: a counting sort on the CPU when the
    values span a small range, a radix sort on the GPU. A 0-d array gives ``{value: ()}`` (SciPy
    raises IndexError).
    """
    call = Call(arr)
    dtype = dtype_of(arr)
    if dtype.kind not in "iu":
        raise ValueError("Parameter 'arr' must be an integer array")
    ignore = None
    if ignore_value is not None:
        ignore = int(np.asarray(dtype.type(ignore_value)).astype(np.int64))  # OverflowError as NumPy
    values, starts, counts, coordinates = _core.value_indices(call.array(arr), ignore, call.stream)
    coordinates = call.result(coordinates)
    starts, counts = np.from_dlpack(starts), np.from_dlpack(counts)
    # One split per axis makes every group's view: GPU frameworks spend microseconds on each
    # slice made in Python (0.6 s for 50 000 labels on 2 axes), half that through their split.
    ends = starts + counts
    cuts = np.unique(np.concatenate([starts, ends]))
    cuts = cuts[(cuts > 0) & (cuts < coordinates.shape[1])]
    piece = np.searchsorted(cuts, starts, side="right").tolist()  # the piece each group starts
    pieces = [_split(call, row, cuts.tolist()) for row in coordinates]
    if pieces and len(piece) != len(pieces[0]):  # the ignored value's piece is left out
        pieces = [[p[k] for k in piece] for p in pieces]
    values = list(np.from_dlpack(values))
    if not pieces:  # a 0-d array: its one point has no coordinates
        return {v: () for v in values}
    return dict(zip(values, zip(*pieces)))  # tuples made in C


def _split(call, row, cuts):
    if call.ns == "cupy":
        import cupy

        return cupy.split(row, cuts)
    if call.ns == "torch":
        import torch

        return torch.tensor_split(row, cuts)
    bounds = [0, *cuts, row.shape[0]]
    return [row[a:b] for a, b in zip(bounds[:-1], bounds[1:])]  # NumPy slices faster than np.split


def labeled_comprehension(input, labels, index, func, out_dtype, default, pass_positions=False):
    """``[func(input[labels == i]) for i in index]``, as an array of `out_dtype` with `default`
    where a label does not occur (scipy.ndimage.labeled_comprehension). With `pass_positions`,
    `func` also gets the C-order flat indices of the values. `labels` None applies `func` to the
    whole input (ValueError if `index` is given); `index` None to the points whose label is > 0;
    a scalar `index` returns a scalar.

    CPU only: `func` is arbitrary Python, so GPU inputs are copied to the host, `func` gets NumPy
    arrays, and the result is NumPy. The values of each label reach `func` in C order (SciPy's
    order is its sort's).
    """
    values = _host(input)
    positions = np.arange(values.size).reshape(values.shape) if pass_positions else None

    def apply(mask):
        if mask is None:
            selected = (values.ravel(),) + ((positions.ravel(),) if pass_positions else ())
        else:
            selected = (values[mask],) + ((positions[mask],) if pass_positions else ())
        return func(*selected)

    if labels is None:
        if index is not None:
            raise ValueError("index without defined labels")
        return apply(None)
    labels = _host(labels)
    try:
        values, labels = np.broadcast_arrays(values, labels)
    except ValueError as e:
        raise ValueError("input and labels must have the same shape (excepting dimensions with width 1)") from e
    if pass_positions:
        positions = np.broadcast_to(positions, values.shape)
    if index is None:
        return apply(labels > 0)
    scalar = np.isscalar(index)
    index = np.atleast_1d(_host(index))
    if np.any(index.astype(labels.dtype).astype(index.dtype) != index):
        raise ValueError(f"Cannot convert index values from <{index.dtype}> to <{labels.dtype}> (labels' type) "
                         "without loss of precision")
    index = index.astype(labels.dtype)
    # Group the points by label once (a stable sort), then hand each wanted label its run.
    flat_labels = labels.ravel()
    order = np.argsort(flat_labels, kind="stable")
    sorted_labels = flat_labels[order]
    flat_values = values.ravel()[order]
    flat_positions = positions.ravel()[order] if pass_positions else None
    lo = np.searchsorted(sorted_labels, index.ravel(), side="left")
    hi = np.searchsorted(sorted_labels, index.ravel(), side="right")
    out = np.full(index.size, default, dtype=out_dtype)
    for k, (a, b) in enumerate(zip(lo.tolist(), hi.tolist())):
        if a < b:
            args = (flat_values[a:b],) + ((flat_positions[a:b],) if pass_positions else ())
            out[k] = func(*args)
    out = out.reshape(index.shape)
    return out[0] if scalar else out
