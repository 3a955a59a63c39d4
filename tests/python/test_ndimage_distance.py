"""cupix.ndimage.distance_transform_edt against scipy.ndimage on random inputs. Distances must
agree to rounding; where several zeros are nearest SciPy may pick another, so indices are checked
canonically: each names a zero element at exactly the returned distance."""
import numpy as np
import pytest
import scipy.ndimage as ndi

import cupix
from conftest import random_image, to_backend, to_numpy

SHAPES = [(1,), (37,), (13, 17), (64, 61), (7, 9, 11), (24, 17, 19), (3, 4, 5, 6)]


def _image(rng, shape, dtype="bool", zeros=None):
    zeros = rng.uniform(0.001, 0.5) if zeros is None else zeros
    keep = rng.random(shape) >= zeros
    x = random_image(rng, shape, dtype)
    if dtype == "bool":
        return keep
    return np.where(keep, np.where(x == 0, 1, x), 0).astype(dtype)


def _check(backend, x, sampling=None):
    expected, expected_idx = ndi.distance_transform_edt(x, sampling=sampling, return_indices=True)
    d, idx = cupix.ndimage.distance_transform_edt(to_backend(x, backend), sampling=sampling, return_indices=True)
    assert type(d) is type(to_backend(expected, backend))
    d, idx = to_numpy(d), to_numpy(idx)
    assert d.dtype == np.float64 and idx.dtype == np.int32
    assert d.shape == expected.shape and idx.shape == expected_idx.shape
    np.testing.assert_allclose(d, expected, rtol=1e-13, atol=0)
    # Distances alone take another path on the GPU (no feature transform).
    alone = to_numpy(cupix.ndimage.distance_transform_edt(to_backend(x, backend), sampling=sampling))
    np.testing.assert_allclose(alone, expected, rtol=1e-13, atol=0)
    x1 = np.atleast_1d(x)
    if not (x1 == 0).any():  # no zero at all: SciPy's (-1, 0, ...) for every element
        np.testing.assert_array_equal(idx, expected_idx)
        return
    assert (x1[tuple(idx)] == 0).all()
    samp = np.ones(x1.ndim) if sampling is None else np.broadcast_to(np.asarray(sampling, float), (x1.ndim,))
    grid = np.indices(x1.shape)
    again = np.sqrt(sum(((idx[k] - grid[k]) * samp[k]) ** 2 for k in range(x1.ndim)))
    np.testing.assert_allclose(again, expected, rtol=1e-13, atol=0)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("dtype", ["bool", "uint8", "int16", "float16", "float32", "float64"])
def test_edt(backend, shape, dtype):
    rng = np.random.default_rng()
    _check(backend, _image(rng, shape, dtype))


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
def test_edt_sampling(backend, shape):
    rng = np.random.default_rng()
    x = _image(rng, shape)
    _check(backend, x, sampling=float(rng.uniform(0.2, 3)))
    _check(backend, x, sampling=list(rng.uniform(0.2, 3, len(shape))))
    _check(backend, x, sampling=[0.0] + [1.5] * (len(shape) - 1))  # a zero spacing


def test_edt_sparse_zeros_and_large(backend):
    rng = np.random.default_rng()
    _check(backend, _image(rng, (300, 257), zeros=0.0005))
    x = np.ones((61, 53, 47), bool)
    x[rng.integers(0, 61), rng.integers(0, 53), rng.integers(0, 47)] = False  # one zero in the volume
    _check(backend, x)
    _check(backend, x, sampling=[2.0, 0.5, 1.25])


def test_edt_long_lines(backend):
    # Lines of a few thousand points: fewer lines per block of the GPU's envelope pass, and past
    # its shared memory the generic engine (7000 points; 3500 with spacings).
    rng = np.random.default_rng()
    # The GPU's 32-bit stack entries: (5, 30000) packs the distances' roots along axis 0, where
    # the squares do not fit; (5, 3, 30000) cannot pack along axis 0. Its first pass keeps the
    # zeros of lines up to 4096 points as bit masks ((3, 4000)), longer ones take warp scans;
    # (4, 50000)'s search along axis 0 needs 64-bit sums.
    for shape in [(2500, 7), (7000, 3), (5, 2100, 3), (5, 30000), (5, 3, 30000), (3, 4000), (2, 4097), (4, 50000)]:
        _check(backend, _image(rng, shape, zeros=0.01))
    _check(backend, _image(rng, (3500, 5), zeros=0.01), sampling=[0.7, 1.3])
    _check(backend, _image(rng, (2000, 5), zeros=0.01), sampling=[0.7, 1.3])


def test_edt_no_zero_empty_scalar_nan(backend):
    for x in [np.ones((5, 6)), np.ones(7), np.ones((2, 3, 4), np.uint8), np.array(3.0), np.array(0.0)]:
        _check(backend, x)
    x = np.array([np.nan, 0, 1.0, np.nan, 0])  # NaN is nonzero
    _check(backend, x)
    d = cupix.ndimage.distance_transform_edt(to_backend(np.zeros((0, 4)), backend))
    assert to_numpy(d).shape == (0, 4)


def test_edt_non_contiguous(backend):
    rng = np.random.default_rng()
    x = _image(rng, (40, 30, 20), "float32")
    _check(backend, x[::2, :, ::-1])
    _check(backend, np.transpose(x, (2, 0, 1)))


def test_edt_return_flags_and_output_arrays(backend):
    rng = np.random.default_rng()
    x = _image(rng, (23, 19))
    xb = to_backend(x, backend)
    expected, expected_idx = ndi.distance_transform_edt(x, return_indices=True)
    np.testing.assert_allclose(to_numpy(cupix.ndimage.distance_transform_edt(xb)), expected, rtol=1e-13)
    idx = to_numpy(cupix.ndimage.distance_transform_edt(xb, return_distances=False, return_indices=True))
    assert idx.shape == (2, 23, 19) and (x[tuple(idx)] == 0).all()
    dist = to_backend(np.zeros(x.shape), backend)
    ind = to_backend(np.zeros((2,) + x.shape, np.int32), backend)
    assert cupix.ndimage.distance_transform_edt(xb, return_indices=True, distances=dist, indices=ind) is None
    np.testing.assert_allclose(to_numpy(dist), expected, rtol=1e-13)
    assert (x[tuple(to_numpy(ind))] == 0).all()
    strided = to_backend(np.zeros((23, 38)), backend)[:, ::2]
    cupix.ndimage.distance_transform_edt(xb, distances=strided)
    np.testing.assert_allclose(to_numpy(strided), expected, rtol=1e-13)


def test_edt_bad_arguments(backend):
    x = to_backend(np.ones((5, 6), bool), backend)
    edt = cupix.ndimage.distance_transform_edt
    with pytest.raises(RuntimeError, match="at least one of"):
        edt(x, return_distances=False)
    with pytest.raises(RuntimeError, match="return_distances must be True"):
        edt(x, return_distances=False, return_indices=True, distances=to_backend(np.zeros((5, 6)), backend))
    with pytest.raises(RuntimeError, match="return_indices must be True"):
        edt(x, indices=to_backend(np.zeros((2, 5, 6), np.int32), backend))
    with pytest.raises(RuntimeError, match="must be float64"):
        edt(x, distances=to_backend(np.zeros((5, 6), np.float32), backend))
    with pytest.raises(RuntimeError, match="wrong shape"):
        edt(x, distances=to_backend(np.zeros((6, 5)), backend))
    with pytest.raises(RuntimeError, match="must be int32"):
        edt(x, return_indices=True, indices=to_backend(np.zeros((2, 5, 6), np.int64), backend))
    with pytest.raises(RuntimeError, match="wrong shape"):
        edt(x, return_indices=True, indices=to_backend(np.zeros((1, 5, 6), np.int32), backend))
    with pytest.raises(RuntimeError, match="equal to input rank"):
        edt(x, sampling=[1, 2, 3])
    with pytest.raises(ValueError, match="non-negative"):  # SciPy returns wrong distances for these
        edt(x, sampling=[1.0, -2.0])
    with pytest.raises(ValueError, match="non-negative"):
        edt(x, sampling=np.nan)
    with pytest.raises(TypeError):
        edt(to_backend(np.ones((3, 3), np.complex64), backend))
