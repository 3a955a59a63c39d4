"""cupix.ndimage.value_indices and labeled_comprehension against scipy.ndimage."""
import numpy as np
import pytest
import scipy.ndimage as ndi

import cupix
from conftest import to_backend, to_numpy

SHAPES = [(1,), (57,), (13, 17), (64, 61), (7, 9, 11), (3, 4, 5, 6)]


def assert_same_indices(got, want):
    assert list(got.keys()) == list(want.keys())
    for key in want:
        assert type(key) is type(next(iter(got)))  # NumPy scalars of arr's dtype
        assert len(got[key]) == len(want[key])
        for g, w in zip(got[key], want[key]):
            assert to_numpy(g).dtype == np.int64
            np.testing.assert_array_equal(to_numpy(g), w)


def reference_indices(arr, ignore_value=None):
    """SciPy's result where SciPy cannot compute it: it counts through a histogram of the whole
    value range, which fails for values spread over 32 or 64 bits."""
    return {v: np.nonzero(arr == v) for v in np.unique(arr) if ignore_value is None or v != ignore_value}


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("dtype", ["uint8", "uint16", "int8", "int16", "int32", "uint32", "int64", "uint64"])
def test_value_indices_random(backend, shape, dtype):
    rng = np.random.default_rng()
    info = np.iinfo(dtype)
    small = rng.integers(max(info.min, -5), 9, shape).astype(dtype)  # a counting sort on the CPU
    wide = rng.integers(info.min, info.max, shape, dtype=dtype, endpoint=True)  # a comparison sort
    for arr, reference in [(small, ndi.value_indices), (wide, reference_indices)]:
        x = to_backend(arr, backend)
        assert_same_indices(cupix.ndimage.value_indices(x), reference(arr))
        ignored = arr.flat[arr.size // 2]
        assert_same_indices(cupix.ndimage.value_indices(x, ignore_value=ignored), reference(arr, ignore_value=ignored))
    view = small[..., ::-2]
    assert_same_indices(cupix.ndimage.value_indices(to_backend(small, backend)[..., ::-2]), ndi.value_indices(view))


def test_value_indices_of_labels_and_edge_cases(backend):
    rng = np.random.default_rng()
    labels, _ = ndi.label(ndi.uniform_filter(rng.random((90, 77)), 5) > 0.5)
    assert_same_indices(cupix.ndimage.value_indices(to_backend(labels, backend), ignore_value=0),
                        ndi.value_indices(labels, ignore_value=0))
    assert cupix.ndimage.value_indices(to_backend(np.zeros((0, 3), int), backend)) == {}
    assert cupix.ndimage.value_indices(to_backend(np.array(5), backend)) == {5: ()}  # SciPy: IndexError
    arr = np.array([5, -1, 5, 2])
    assert_same_indices(cupix.ndimage.value_indices(to_backend(arr, backend), ignore_value=2.7),
                        ndi.value_indices(arr, ignore_value=2.7))
    for bad in [np.array([1.5, 2.0]), np.array([True, False])]:
        with pytest.raises(ValueError, match="integer array"):
            cupix.ndimage.value_indices(to_backend(bad, backend))
    with pytest.raises(OverflowError):
        cupix.ndimage.value_indices(to_backend(np.array([1, 2], np.uint8), backend), ignore_value=300)


@pytest.mark.parametrize("pass_positions", [False, True])
def test_labeled_comprehension(backend, pass_positions):
    rng = np.random.default_rng()
    image = rng.standard_normal((23, 19))
    labels = rng.integers(0, 5, image.shape)
    x, lab = to_backend(image, backend), to_backend(labels, backend)
    if pass_positions:
        def func(v, p):
            return float(np.sum(v * p))
    else:
        def func(v):
            return float(np.median(v))
    for index in [None, 3, 9, np.array([0, 1, 4, 7, 2])]:
        got = cupix.ndimage.labeled_comprehension(x, lab, index, func, np.float64, -1.0, pass_positions)
        want = ndi.labeled_comprehension(image, labels, index, func, np.float64, -1.0, pass_positions)
        np.testing.assert_allclose(got, want, rtol=1e-12)
        assert np.shape(got) == np.shape(want)
    index = np.array([[1, 2], [3, 8]])  # SciPy fails on a 2-D index; cupix keeps its shape
    got = cupix.ndimage.labeled_comprehension(x, lab, index, func, np.float64, -1.0, pass_positions)
    want = ndi.labeled_comprehension(image, labels, index.ravel(), func, np.float64, -1.0, pass_positions)
    np.testing.assert_allclose(got, want.reshape(2, 2), rtol=1e-12)
    got = cupix.ndimage.labeled_comprehension(x, None, None, np.size, int, 0)
    assert got == ndi.labeled_comprehension(image, None, None, np.size, int, 0)


def test_labeled_comprehension_errors(backend):
    x = to_backend(np.ones((3, 4)), backend)
    with pytest.raises(ValueError, match="index without defined labels"):
        cupix.ndimage.labeled_comprehension(x, None, 1, np.mean, float, 0)
    with pytest.raises(ValueError, match="same shape"):
        cupix.ndimage.labeled_comprehension(x, np.ones((2, 4), int), 1, np.mean, float, 0)
    with pytest.raises(ValueError, match="without loss of precision"):
        cupix.ndimage.labeled_comprehension(x, np.ones((3, 4), int), [1.5], np.mean, float, 0)


def test_value_indices_full_64_bit_range(backend):
    for arr in [np.array([np.iinfo(np.int64).min, 5, np.iinfo(np.int64).max]), np.array([0, 2**64 - 1, 0], np.uint64)]:
        assert_same_indices(cupix.ndimage.value_indices(to_backend(arr, backend)), reference_indices(arr))
