"""cupix.ndimage's statistics over labelled regions (sum_labels, mean, variance,
standard_deviation, minimum, maximum, *_position, extrema, center_of_mass, histogram) against
scipy.ndimage: values, dtypes, and the shapes of results for every way of choosing regions."""
import warnings

import numpy as np
import pytest
import scipy.ndimage as ndi

import cupix
from conftest import random_image, to_backend, to_numpy

VALUE_FUNCTIONS = ["sum_labels", "mean", "variance", "standard_deviation", "minimum", "maximum"]
SHAPES = [(1,), (41,), (13, 17), (64, 61), (7, 9, 11), (3, 4, 5, 6)]
DTYPES = ["bool", "uint8", "uint16", "uint64", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]


def scipy_call(name, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # empty regions: SciPy warns, both give NaN
        return getattr(ndi, name)(*args)


def exact_reference(image):
    """float16/float32 inputs as float64: SciPy sums those in their own precision (cupix in
    float64), so values are compared with SciPy on the exact float64 copy, dtypes with SciPy on
    the original."""
    return image.astype(np.float64) if image.dtype in (np.float16, np.float32) else image


def check_value(name, result, expected, expected_dtype):
    """`result` equals `expected` (computed on exact_reference) within the rounding of a result of
    `expected_dtype`, SciPy's dtype for the original input."""
    expected_dtype = np.dtype(expected_dtype)
    if np.ndim(expected) == 0:
        assert np.ndim(result) == 0
        if isinstance(result, np.generic):  # NumPy in, NumPy scalar out
            assert result.dtype == expected_dtype, (name, result.dtype, expected_dtype)
    else:
        assert to_numpy(result).dtype == expected_dtype
        assert to_numpy(result).shape == np.shape(expected)
    got, want = to_numpy(result), np.asarray(expected)
    if expected_dtype.kind in "biu":
        np.testing.assert_array_equal(got, want.astype(expected_dtype))
    else:
        rtol = {np.dtype(np.float16): 1e-3, np.dtype(np.float32): 1e-6}.get(expected_dtype, 1e-10)
        np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), equal_nan=True, rtol=rtol,
                                   atol=1e-12)


def compare(name, image, args, backend_args):
    """cupix on the backend's arrays against SciPy on the host's."""
    result = getattr(cupix.ndimage, name)(*backend_args)
    expected = scipy_call(name, exact_reference(image), *args)
    check_value(name, result, expected, np.asarray(scipy_call(name, image, *args)).dtype)


def random_labels(rng, shape, count, dtype="int32"):
    """Labels 0..count in runs and scattered points (so regions straddle rows and work items)."""
    labels = rng.integers(0, count + 1, shape)
    labels = np.where(rng.random(shape) < 0.7, np.roll(labels, 1), labels)  # runs along the last axis
    return labels.astype(dtype)


def random_case(backend, shape, dtype, count):
    """Random values and labels 0..count, on the host and on the backend."""
    rng = np.random.default_rng()
    image, labels = random_image(rng, shape, dtype), random_labels(rng, shape, count)
    return rng, image, labels, to_backend(image, backend), to_backend(labels, backend)


def index_choices(rng, count):
    absent = count + 5
    return [None, 1, absent, np.arange(0, count + 1), np.array([absent, 2, 2, -1, 1]),
            np.arange(count + 1).reshape(-1, 1)[: min(count + 1, 4)], np.array([], int)]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("dtype", DTYPES)
def test_values_per_region(backend, shape, dtype):
    rng, image, labels, x, lab = random_case(backend, shape, dtype, 6)
    for name in VALUE_FUNCTIONS:
        compare(name, image, (), (x,))
        for index in index_choices(rng, 6):
            if index is not None and np.size(index) == 0 and name in ("minimum", "maximum"):
                continue  # SciPy fails on an empty index (labels.max() of nothing selected)
            one_region = index is None or np.ndim(index) == 0
            if one_region and name in ("minimum", "maximum") and \
                    not (labels > 0 if index is None else labels == index).any():
                with pytest.raises(ValueError):
                    getattr(cupix.ndimage, name)(x, lab, index)
                continue
            compare(name, image, (labels, index), (x, lab, index))


@pytest.mark.parametrize("label_dtype", ["bool", "uint8", "int16", "uint32", "int64", "uint64", "float32", "float64"])
def test_label_dtypes(backend, label_dtype):
    rng = np.random.default_rng()
    image = random_image(rng, (23, 31), "float64")
    labels = random_labels(rng, image.shape, 1 if label_dtype == "bool" else 5, label_dtype)
    x, lab = to_backend(image, backend), to_backend(labels, backend)
    indices = [None, 1, np.array([0, 1])] if label_dtype == "bool" else [None, 2, np.array([0, 1, 3, 5, 9])]
    for name in VALUE_FUNCTIONS:
        for index in indices:
            compare(name, image, (labels, index), (x, lab, index))


def test_float_labels_match_exactly(backend):
    image = np.arange(8.0)
    labels = np.array([0.5, 0.5, 1.0, 1.0, 2.5, np.nan, -1.5, 0.5])
    x, lab = to_backend(image, backend), to_backend(labels, backend)
    for index in [None, 0.5, np.array([0.5, 2.5, -1.5, 7.0, np.nan])]:
        for name in VALUE_FUNCTIONS:
            compare(name, image, (labels, index), (x, lab, index))


def first_extreme(values, mask, use_max):
    """Flat index of the first point (C order) of `mask` holding its extreme value, NaN sorting
    above every number; None when the mask is empty."""
    flat = np.flatnonzero(mask.ravel())
    if flat.size == 0:
        return None
    v = values.ravel()[flat]
    order = np.argsort(v, kind="stable")  # NaN last, ties in C order
    if not use_max:
        return flat[order[0]]
    top = v[order[-1]]
    return flat[np.flatnonzero(v == top if top == top else v != v)[0]]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("dtype", ["uint8", "int16", "int64", "float32", "float64"])
def test_positions(backend, shape, dtype):
    rng, image, labels, x, lab = random_case(backend, shape, dtype, 5)
    # One region: SciPy takes the first extreme point in C order, as cupix does.
    for args, sargs in [((x,), (image,)), ((x, lab), (image, labels)), ((x, lab, 3), (image, labels, 3))]:
        if len(sargs) > 1 and not (labels == 3 if len(sargs) == 3 else labels > 0).any():
            continue
        assert cupix.ndimage.minimum_position(*args) == ndi.minimum_position(*sargs)
        assert cupix.ndimage.maximum_position(*args) == ndi.maximum_position(*sargs)
        got = cupix.ndimage.extrema(*args)
        want = ndi.extrema(*sargs)
        assert got[2:] == want[2:] and to_numpy(got[0]) == want[0] and to_numpy(got[1]) == want[1]
    # Per label: ties may be broken otherwise by SciPy's sort; cupix takes the first in C order.
    index = np.array([0, 1, 2, 3, 4, 5, 6, 9])
    for name, use_max in [("minimum_position", False), ("maximum_position", True)]:
        got = getattr(cupix.ndimage, name)(x, lab, index)
        want = ndi.minimum(image, labels, index) if not use_max else ndi.maximum(image, labels, index)
        assert len(got) == index.size
        for g, label, w in zip(got, index, want):
            first = first_extreme(image, labels == label, use_max)
            assert g == (np.unravel_index(first, shape) if first is not None else (0,) * len(shape))
            assert first is None or image[g] == w
    lo, hi, lo_pos, hi_pos = cupix.ndimage.extrema(x, lab, index)
    np.testing.assert_array_equal(to_numpy(lo), ndi.minimum(image, labels, index))
    np.testing.assert_array_equal(to_numpy(hi), ndi.maximum(image, labels, index))
    assert lo_pos == cupix.ndimage.minimum_position(x, lab, index)
    assert hi_pos == cupix.ndimage.maximum_position(x, lab, index)


def test_nan(backend):
    image = np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, -2.0], [4.0, 0.5, np.nan]])
    labels = np.array([[1, 1, 1], [2, 2, 3], [3, 3, 0]])
    x, lab = to_backend(image, backend), to_backend(labels, backend)
    index = np.array([1, 2, 3])
    for name in ["minimum", "maximum"]:
        # One region: NaN (NumPy's min and max). Per label: NaN sorts last (SciPy's sort).
        assert np.isnan(getattr(cupix.ndimage, name)(x))
        assert np.isnan(getattr(cupix.ndimage, name)(x, lab, 1))
        compare(name, image, (labels, index), (x, lab, index))
    assert cupix.ndimage.minimum_position(x, lab, index) == [(0, 0), (1, 0), (1, 2)]
    assert cupix.ndimage.maximum_position(x, lab, index) == [(0, 1), (1, 0), (2, 0)]
    assert cupix.ndimage.minimum_position(x) == (1, 2)  # SciPy: IndexError
    assert cupix.ndimage.maximum_position(x) == (0, 1)
    for name in ["sum_labels", "mean", "variance"]:
        compare(name, image, (labels, index), (x, lab, index))


@pytest.mark.parametrize("shape", SHAPES[1:], ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("dtype", ["uint8", "int32", "float32", "float64"])
def test_center_of_mass(backend, shape, dtype):
    rng = np.random.default_rng()
    image = np.abs(random_image(rng, shape, dtype))  # positive masses: a well-conditioned centre
    labels = random_labels(rng, shape, 4)
    x, lab = to_backend(image, backend), to_backend(labels, backend)
    tol = dict(rtol=2e-5 if dtype == "float32" else 1e-10)  # SciPy sums float32 masses in float32
    for args in [(), (labels,), (labels, 2), (labels, np.array([0, 1, 2, 3, 4, 7]))]:
        bargs = tuple(lab if a is labels else a for a in args)
        got = cupix.ndimage.center_of_mass(x, *bargs)
        want = scipy_call("center_of_mass", image, *args)
        assert type(got) is type(want)
        np.testing.assert_allclose(np.array(got, float), np.array(want, float), equal_nan=True, **tol)


def test_center_of_mass_zero_mass(backend):
    d = np.array([-1.0, 1.0])
    assert np.isinf(cupix.ndimage.center_of_mass(to_backend(d, backend))[0])


@pytest.mark.parametrize("dtype", ["uint8", "int16", "float32", "float64"])
def test_histogram(backend, dtype):
    rng = np.random.default_rng()
    image = random_image(rng, (37, 29), dtype)
    labels = random_labels(rng, image.shape, 4)
    x, lab = to_backend(image, backend), to_backend(labels, backend)
    lo, hi = float(np.percentile(image, 10)), float(np.percentile(image, 90))
    for bounds in [(lo, hi, 7), (lo, hi, 1), (lo, lo, 3), (float(image.min()), float(image.max()), 16)]:
        got = cupix.ndimage.histogram(x, *bounds)
        np.testing.assert_array_equal(to_numpy(got), ndi.histogram(image, *bounds))
        np.testing.assert_array_equal(to_numpy(cupix.ndimage.histogram(x, *bounds, lab)),
                                      ndi.histogram(image, *bounds, labels))
        np.testing.assert_array_equal(to_numpy(cupix.ndimage.histogram(x, *bounds, lab, 3)),
                                      ndi.histogram(image, *bounds, labels, 3))
        index = np.array([0, 2, 9, 4])
        got = cupix.ndimage.histogram(x, *bounds, lab, index)
        want = ndi.histogram(image, *bounds, labels, index)
        assert got.dtype == object and got.shape == want.shape
        for g, w in zip(got, want):
            assert (g is None) == (w is None)
            if w is not None:
                np.testing.assert_array_equal(to_numpy(g), w)


def test_histogram_edges_and_nan(backend):
    image = np.array([0.0, 1.0, 2.0, 3.0, 3.0, np.nan, -1.0, 4.0, 2.9999999])
    for bounds in [(0, 3, 3), (0, 3, 10), (0, 0, 3), (0, 3, 0), (0, 3, -1)]:
        np.testing.assert_array_equal(to_numpy(cupix.ndimage.histogram(to_backend(image, backend), *bounds)),
                                      ndi.histogram(image, *bounds))
    for bounds in [(np.nan, 3, 3), (0, np.nan, 3)]:  # NumPy's counts are arbitrary there
        assert to_numpy(cupix.ndimage.histogram(to_backend(image, backend), *bounds)).tolist() == [0, 0, 0]
    with pytest.raises(ValueError):
        cupix.ndimage.histogram(to_backend(image, backend), 3, 0, 3)
    with pytest.raises(ValueError, match="must be non-negative"):
        cupix.ndimage.histogram(to_backend(image, backend), 0, 3, -2)
    with pytest.raises(ValueError):
        cupix.ndimage.histogram(to_backend(image, backend), 0, 3, 3, None, 1)


def test_labels_broadcast_and_views(backend):
    rng = np.random.default_rng()
    image = random_image(rng, (20, 33), "float64")
    row_labels = rng.integers(0, 4, (1, 33))
    x = to_backend(image, backend)
    labels = random_labels(rng, image.shape, 3)
    view, lview = image[::2, ::-3], labels[::2, ::-3]
    for name in VALUE_FUNCTIONS:
        for index in [None, 2, np.array([0, 1, 2, 3])]:
            compare(name, image, (row_labels, index), (x, to_backend(row_labels, backend), index))
        compare(name, view, (lview, np.array([1, 2, 3])),
                (x[::2, ::-3], to_backend(labels, backend)[::2, ::-3], np.array([1, 2, 3])))
    assert cupix.ndimage.maximum_position(x, to_backend(row_labels, backend), 2) == \
        ndi.maximum_position(image, row_labels, 2)


def test_index_ignored_without_labels_and_list_inputs(backend):
    image = np.arange(12.0).reshape(3, 4)
    x = to_backend(image, backend)
    assert cupix.ndimage.sum_labels(x, None, [1, 2]) == ndi.sum_labels(image, None, [1, 2])
    assert cupix.ndimage.sum_labels([0, 1, 2, 3], [1, 1, 2, 2], index=[1, 2]).tolist() == [1.0, 5.0]
    assert cupix.ndimage.sum_labels([0, 1, 2, 3], [1, 1, 2, 2], index=1) == 1
    assert cupix.ndimage.sum([0, 1, 2, 3], [1, 1, 2, 2]) == 6


def test_empty_and_scalar_inputs(backend):
    empty = to_backend(np.zeros((0, 4)), backend)
    assert to_numpy(cupix.ndimage.sum_labels(empty)) == 0
    assert np.isnan(to_numpy(cupix.ndimage.mean(empty)))
    with pytest.raises(ValueError, match="zero-size array"):
        cupix.ndimage.minimum(empty)
    with pytest.raises(ValueError, match="zero-size array"):
        cupix.ndimage.maximum_position(empty)
    scalar = np.array(2.5)
    assert to_numpy(cupix.ndimage.sum_labels(to_backend(scalar, backend))) == 2.5
    assert to_numpy(cupix.ndimage.maximum(to_backend(scalar, backend))) == 2.5
    # a 0-d input with a 0-d label and an array index: positions are (), as SciPy's
    one = to_backend(np.array(1), backend)
    assert cupix.ndimage.maximum_position(to_backend(scalar, backend), one, [1, 2]) == \
        ndi.maximum_position(scalar, np.array(1), [1, 2]) == [(), ()]
    assert cupix.ndimage.minimum_position(to_backend(scalar, backend), one, [1]) == [()]
    assert cupix.ndimage.center_of_mass(to_backend(scalar, backend), one, [1, 2]) == [(), ()]
    labels = np.array([[1, 1, 0, 0], [1, 1, 0, 2]])
    assert to_numpy(cupix.ndimage.minimum(to_backend(np.arange(8).reshape(2, 4), backend),
                                          to_backend(labels, backend), [3])).tolist() == [0]


@pytest.mark.filterwarnings("ignore:invalid value encountered in divide:RuntimeWarning")  # SciPy's own
def test_int64_sums_past_2_63(backend):
    # Labelled sums are float64 sums of float64 values (SciPy's bincount weights): no wrap-around.
    x = np.array([2 ** 62, 2 ** 62, 5, 2 ** 63 - 1], np.int64)
    labels = np.array([1, 1, 2, 2])
    args = (to_backend(x, backend), to_backend(labels, backend), [1, 2])
    for name in ("sum_labels", "mean", "variance", "center_of_mass"):
        got, want = getattr(cupix.ndimage, name)(*args), getattr(ndi, name)(x, labels, [1, 2])
        np.testing.assert_allclose(np.asarray(to_numpy(got) if name != "center_of_mass" else got, float),
                                   np.asarray(want, float), rtol=1e-15)
    u = np.array([2 ** 63, 2 ** 63, 7], np.uint64)
    np.testing.assert_allclose(to_numpy(cupix.ndimage.sum_labels(to_backend(u, backend), to_backend(labels[:3], backend),
                                                                 [1, 2])), ndi.sum_labels(u, labels[:3], [1, 2]))
    # one region: NumPy's int64 sum, which wraps, as SciPy's
    assert to_numpy(cupix.ndimage.sum_labels(to_backend(x, backend))) == ndi.sum_labels(x)


def test_bad_inputs(backend):
    x = to_backend(np.ones((4, 5)), backend)
    with pytest.raises(ValueError):
        cupix.ndimage.sum_labels(x, to_backend(np.ones((3, 5), int), backend))
    with pytest.raises(TypeError):
        cupix.ndimage.mean(np.ones(3, np.complex64))
    with pytest.raises(ValueError):
        cupix.ndimage.mean(x, np.ones((4, 5), int) if backend == "cuda" else to_backend(np.ones((4, 6), int), backend))
    with pytest.raises(ValueError):
        cupix.ndimage.histogram(x, 1, 0, 4)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("dtype", DTYPES)
def test_median(backend, shape, dtype):
    rng, image, labels, x, lab = random_case(backend, shape, dtype, 6)
    compare("median", image, (), (x,))
    present = np.unique(labels)
    for index in [None, int(present[-1]), 99, present, np.repeat(present, 2)[::-1].reshape(-1, 1)]:
        compare("median", image, (labels, index), (x, lab, index))
    # A label of index that does not occur: NaN (SciPy returns some value of the input there).
    got = to_numpy(cupix.ndimage.median(x, lab, np.array([present[0], 99])))
    assert np.isnan(got[1]) and not np.isnan(got[0])


def test_median_nan(backend):
    image = np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, -2.0], [4.0, 0.5, np.nan]])
    labels = np.array([[1, 1, 1], [2, 2, 3], [3, 3, 0]])
    x, lab = to_backend(image, backend), to_backend(labels, backend)
    assert np.isnan(cupix.ndimage.median(x)) and np.isnan(ndi.median(image))
    compare("median", image, (labels, np.array([1, 2, 3])), (x, lab, np.array([1, 2, 3])))


def test_sparse_and_huge_labels(backend):
    rng = np.random.default_rng()
    image = random_image(rng, (29, 31), "float64")
    cases = [(np.array([0, 10**12, -5, 2**40], np.int64), np.array([10**12, -5, 7, 2**40])),
             (np.array([0, 2**63 + 5, 3, 2**64 - 1], np.uint64), np.array([2**63 + 5, 3, 2**64 - 1], np.uint64))]
    for values, index in cases:
        labels = rng.choice(values, image.shape)
        x, lab = to_backend(image, backend), to_backend(labels, backend)
        present = index[np.isin(index, labels)]  # the median of an absent label differs by design
        for name in ["sum_labels", "mean", "maximum", "median"]:
            for idx in [None, index[0], index if name != "median" else present]:
                compare(name, image, (labels, idx), (x, lab, idx))


def test_review_edge_cases(backend):
    """Signed zeros, empty inputs with an index, NaN in the index, a scalar absent histogram label."""
    for values in [np.array([-0.0, 0.0]), np.array([0.0, -0.0])]:
        x = to_backend(values, backend)
        assert cupix.ndimage.maximum_position(x) == ndi.maximum_position(values)
        assert cupix.ndimage.minimum_position(x) == ndi.minimum_position(values)
    empty = to_backend(np.zeros(0), backend)
    assert cupix.ndimage.minimum_position(empty, to_backend(np.zeros(0, int), backend), [1]) == [(0,)]
    x, lab = to_backend(np.array([1.0, 2.0]), backend), to_backend(np.array([0, 1]), backend)
    assert to_numpy(cupix.ndimage.sum_labels(x, lab, np.nan)) == ndi.sum_labels([1.0, 2.0], [0, 1], np.nan)
    assert to_numpy(cupix.ndimage.sum_labels(x, lab, np.array([np.nan, 1.0]))).tolist() == [0.0, 2.0]
    labels = np.array([1, 1, 2, 2])
    assert ndi.histogram(np.arange(4.0), 0, 4, 2, labels, 3) is None
    assert cupix.ndimage.histogram(to_backend(np.arange(4.0), backend), 0, 4, 2, to_backend(labels, backend), 3) is None
