"""cupix.ndimage.distance_transform_cdt against scipy.ndimage on random inputs. The chessboard and
taxicab distances must be equal; where several zeros are nearest SciPy's raster scan may pick
another, so their indices are checked canonically (each names a zero at exactly the returned
distance). Other structures run SciPy's own scan: distances and indices must be equal."""
import numpy as np
import pytest
import scipy.ndimage as ndi

import cupix
from conftest import random_image, to_backend, to_numpy

SHAPES = [(1,), (37,), (13, 17), (64, 61), (1, 9), (7, 9, 11), (24, 17, 19), (3, 4, 5, 6)]
METRICS = ["chessboard", "taxicab", "cityblock", "manhattan"]
ids = lambda s: "x".join(map(str, s))  # noqa: E731


def _image(rng, shape, dtype="bool"):
    keep = rng.random(shape) >= rng.uniform(0.002, 0.5)
    if dtype == "bool":
        return keep
    x = random_image(rng, shape, dtype)
    return np.where(keep, np.where(x == 0, 1, x), 0).astype(dtype)


def _custom_structure(rng, ndim):
    """A random structure that is neither the chessboard nor the taxicab one (in the half before
    its centre, the only half SciPy reads)."""
    centre = 3 ** ndim // 2
    faces = {centre - 3 ** (ndim - 1 - a) for a in range(ndim)}
    while True:
        st = rng.random((3,) * ndim) > 0.5
        half = st.ravel()[:centre]
        if not half.all() and set(np.flatnonzero(half)) != faces:
            return st


def _canonical_check(x, metric, d, idx, expected):
    d, idx = to_numpy(d), to_numpy(idx)
    assert d.dtype == np.int32 and idx.dtype == np.int32
    np.testing.assert_array_equal(d, expected)
    if not (x == 0).any():  # nothing reached: -1, and every point's own coordinates
        np.testing.assert_array_equal(idx, np.indices(x.shape))
        return
    assert (x[tuple(idx)] == 0).all()
    steps = np.abs(idx - np.indices(x.shape))
    np.testing.assert_array_equal(steps.max(0) if metric == "chessboard" else steps.sum(0), expected)


@pytest.mark.parametrize("shape", SHAPES, ids=ids)
@pytest.mark.parametrize("metric", METRICS)
def test_cdt_metrics(backend, shape, metric):
    rng = np.random.default_rng()
    x = _image(rng, shape)
    expected = ndi.distance_transform_cdt(x, metric)
    d = cupix.ndimage.distance_transform_cdt(to_backend(x, backend), metric)
    assert type(d) is type(to_backend(expected, backend))
    np.testing.assert_array_equal(to_numpy(d), expected)
    d, idx = cupix.ndimage.distance_transform_cdt(to_backend(x, backend), metric, return_indices=True)
    _canonical_check(x, "chessboard" if metric == "chessboard" else "taxicab", d, idx, expected)


@pytest.mark.parametrize("dtype", ["uint8", "int16", "int32", "float32", "float64", "uint64", "float16"])
def test_cdt_dtypes(backend, dtype):
    rng = np.random.default_rng()
    x = _image(rng, (23, 31), dtype)
    for metric in ("chessboard", "taxicab"):
        expected = ndi.distance_transform_cdt(x.astype(np.float32) if dtype == "float16" else x, metric)
        np.testing.assert_array_equal(to_numpy(cupix.ndimage.distance_transform_cdt(to_backend(x, backend), metric)),
                                      expected)


@pytest.mark.parametrize("shape", [(9,), (13, 17), (1, 12), (7, 9, 11), (3, 4, 5, 3)], ids=ids)
def test_cdt_structures_equal_scipy(backend, shape):
    # random structures, symmetric or not, including ones SciPy's scan gets wrong near the edges
    rng = np.random.default_rng()
    for _ in range(6):
        x = _image(rng, shape)
        structure = _custom_structure(rng, len(shape))
        expected = ndi.distance_transform_cdt(x, structure, return_indices=True)
        d, idx = cupix.ndimage.distance_transform_cdt(to_backend(x, backend), structure, return_indices=True)
        np.testing.assert_array_equal(to_numpy(d), expected[0])
        np.testing.assert_array_equal(to_numpy(idx), expected[1])


def test_cdt_edge_counterexample(backend):
    # SciPy's scan is not the fewest steps here ((3, 1) gets 3, not 2): cupix returns SciPy's.
    x = np.array([[1, 0], [1, 1], [1, 1], [0, 1]], bool)
    st = np.array([[1, 1, 0], [0, 1, 0], [0, 1, 1]], bool)
    d = to_numpy(cupix.ndimage.distance_transform_cdt(to_backend(x, backend), st))
    np.testing.assert_array_equal(d, ndi.distance_transform_cdt(x, st))
    assert d[3, 1] == 3


def test_cdt_standard_structures_use_the_metric(backend):
    rng = np.random.default_rng()
    x = _image(rng, (15, 12, 9))
    for rank_connectivity, metric in ((3, "chessboard"), (1, "taxicab")):
        st = ndi.generate_binary_structure(3, rank_connectivity).astype(np.uint8)
        expected = ndi.distance_transform_cdt(x, st)
        d, idx = cupix.ndimage.distance_transform_cdt(to_backend(x, backend), st, return_indices=True)
        _canonical_check(x, metric, d, idx, expected)
    # float structures: cupix takes the nonzero values (SciPy reads their bytes as booleans)
    d = cupix.ndimage.distance_transform_cdt(to_backend(x, backend), np.ones((3, 3, 3)))
    np.testing.assert_array_equal(to_numpy(d), ndi.distance_transform_cdt(x, "chessboard"))


def test_cdt_no_zero_all_zero_empty(backend):
    for x in (np.ones((6, 7), bool), np.zeros((5, 4), bool), np.ones((0, 3), bool)):
        for metric in ("chessboard", "taxicab", np.array([[0, 1, 0], [1, 1, 0], [0, 0, 0]], bool)):
            expected = ndi.distance_transform_cdt(x, metric, return_indices=True)
            d, idx = cupix.ndimage.distance_transform_cdt(to_backend(x, backend), metric, return_indices=True)
            np.testing.assert_array_equal(to_numpy(d), expected[0])
            np.testing.assert_array_equal(to_numpy(idx), expected[1])
    x = np.array([[0.0, np.nan, 1.0], [2.0, 0.0, 3.0]])  # NaN is nonzero
    np.testing.assert_array_equal(to_numpy(cupix.ndimage.distance_transform_cdt(to_backend(x, backend))),
                                  ndi.distance_transform_cdt(x))


def test_cdt_non_contiguous(backend):
    rng = np.random.default_rng()
    base = _image(rng, (30, 41, 12), "uint8")
    for x in (base[::2, 3:, ::3], base.transpose(2, 0, 1)):
        for metric in ("chessboard", "taxicab", np.eye(3, dtype=bool)[None].repeat(3, 0)):
            expected = ndi.distance_transform_cdt(x, metric)
            np.testing.assert_array_equal(to_numpy(cupix.ndimage.distance_transform_cdt(to_backend(x, backend),
                                                                                          metric)), expected)


def test_cdt_return_flags_and_output_arrays(backend):
    rng = np.random.default_rng()
    x = _image(rng, (17, 14))
    st = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 0]], bool)
    expected_d, expected_i = ndi.distance_transform_cdt(x, st, return_indices=True)
    i = cupix.ndimage.distance_transform_cdt(to_backend(x, backend), st, return_distances=False, return_indices=True)
    np.testing.assert_array_equal(to_numpy(i), expected_i)
    dist = to_backend(np.zeros((17, 14), np.int32), backend)
    idx = to_backend(np.zeros((2, 17, 14), np.int32), backend)
    assert cupix.ndimage.distance_transform_cdt(to_backend(x, backend), st, return_indices=True, distances=dist,
                                                indices=idx) is None
    np.testing.assert_array_equal(to_numpy(dist), expected_d)
    np.testing.assert_array_equal(to_numpy(idx), expected_i)
    # a strided distances array, with the envelope path
    big = to_backend(np.full((17, 28), 7, np.int32), backend)
    view = big[:, ::2]
    out = cupix.ndimage.distance_transform_cdt(to_backend(x, backend), "taxicab", distances=view, return_indices=True)
    np.testing.assert_array_equal(to_numpy(view), ndi.distance_transform_cdt(x, "taxicab"))
    assert (to_numpy(big)[:, 1::2] == 7).all()
    assert out.shape == (2, 17, 14)


def test_cdt_bad_arguments(backend):
    x = to_backend(np.ones((5, 6), bool), backend)
    with pytest.raises(RuntimeError, match="at least one"):
        cupix.ndimage.distance_transform_cdt(x, return_distances=False)
    with pytest.raises(RuntimeError, match="return_indices must be True"):
        cupix.ndimage.distance_transform_cdt(x, indices=to_backend(np.zeros((2, 5, 6), np.int32), backend))
    with pytest.raises(ValueError, match="invalid metric"):
        cupix.ndimage.distance_transform_cdt(x, "Chessboard")
    with pytest.raises(ValueError, match="invalid metric"):
        cupix.ndimage.distance_transform_cdt(x, "garbage")
    with pytest.raises(ValueError, match="equal to 3"):
        cupix.ndimage.distance_transform_cdt(x, np.ones((3, 4), bool))
    with pytest.raises(RuntimeError, match="dimensionality"):
        cupix.ndimage.distance_transform_cdt(x, np.ones((3, 3, 3), bool))
    with pytest.raises(ValueError, match="int32"):
        cupix.ndimage.distance_transform_cdt(x, distances=to_backend(np.zeros((5, 6), np.int64), backend))
    with pytest.raises(ValueError, match="wrong shape"):
        cupix.ndimage.distance_transform_cdt(x, distances=to_backend(np.zeros((6, 5), np.int32), backend))
    with pytest.raises(ValueError, match="int32"):
        cupix.ndimage.distance_transform_cdt(x, return_indices=True,
                                             indices=to_backend(np.zeros((2, 5, 6), np.int64), backend))
    with pytest.raises(ValueError, match="wrong shape"):
        cupix.ndimage.distance_transform_cdt(x, return_indices=True,
                                             indices=to_backend(np.zeros((3, 5, 6), np.int32), backend))
    with pytest.raises(TypeError):
        cupix.ndimage.distance_transform_cdt(to_backend(np.array(1.0), backend))
