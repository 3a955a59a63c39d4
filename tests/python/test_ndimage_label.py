"""cupix.ndimage.label against scipy.ndimage.label on random inputs: the labels must be SciPy's
exactly (same numbering, not only the same partition)."""
import numpy as np
import pytest
import scipy.ndimage as ndi

import cupix
from conftest import random_image, to_backend, to_numpy

SHAPES = [(1,), (37,), (13, 17), (64, 61), (7, 9, 11), (24, 17, 19), (3, 4, 5, 6)]
DTYPES = ["bool", "uint8", "uint16", "int16", "int32", "float32", "float64"]


def _mask(rng, shape, dtype, density=None):
    """Foreground of random density (clustered where the array is large enough), in `dtype`."""
    density = rng.uniform(0.2, 0.8) if density is None else density
    noise = rng.random(shape)
    if noise.size > 1000 and rng.random() < 0.5:
        noise = ndi.uniform_filter(noise, 3)
        density = 0.5
    x = random_image(rng, shape, dtype)
    keep = noise < density
    if dtype == "bool":
        return keep
    return np.where(keep, np.where(x == 0, 1, x), 0).astype(dtype)


def _symmetric_structure(rng, ndim):
    s = rng.random((3,) * ndim) < 0.5
    return s | s[(slice(None, None, -1),) * ndim]


def _check(backend, x, structure=None, **kwargs):
    expected, n_expected = ndi.label(x, structure, **kwargs)
    result, n = cupix.ndimage.label(to_backend(x, backend), structure, **kwargs)
    assert type(result) is type(to_backend(expected, backend))
    assert n == n_expected
    result = to_numpy(result)
    assert result.dtype == expected.dtype
    np.testing.assert_array_equal(result, expected)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("dtype", DTYPES)
def test_label_default_structure(backend, shape, dtype):
    rng = np.random.default_rng()
    _check(backend, _mask(rng, shape, dtype))


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
def test_label_every_connectivity(backend, shape):
    rng = np.random.default_rng()
    x = _mask(rng, shape, "bool")
    for connectivity in range(1, len(shape) + 1):
        _check(backend, x, ndi.generate_binary_structure(len(shape), connectivity))


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
def test_label_random_structures(backend, shape):
    rng = np.random.default_rng()
    for _ in range(4):
        _check(backend, _mask(rng, shape, "bool"), _symmetric_structure(rng, len(shape)))


def test_label_large_components_and_noise(backend):
    """Components spanning the slabs the CPU splits the array into, and dense noise."""
    rng = np.random.default_rng()
    x = np.zeros((301, 257), bool)
    x[:, 5] = True  # one column through every slab
    x[150, :] = True
    x[::7, 100:] = True
    x |= rng.random(x.shape) < 0.55
    _check(backend, x)
    _check(backend, x, np.ones((3, 3)))
    spiral = np.zeros((65, 65), bool)
    for k in range(0, 32, 2):  # a spiral: one component whose first point is far from most of it
        spiral[k, k:65 - k] = spiral[k:65 - k, 64 - k] = True
        spiral[64 - k, k + 2:65 - k] = spiral[k + 2:65 - k, k + 2] = True
    _check(backend, spiral[::-1])
    _check(backend, (rng.random((40, 50, 60)) < 0.3), np.ones((3, 3, 3)))


def test_label_non_contiguous_and_nan(backend):
    rng = np.random.default_rng()
    x = _mask(rng, (40, 30, 20), "float32")
    x[rng.random(x.shape) < 0.1] = np.nan  # NaN is nonzero: foreground
    _check(backend, x[::2, :, ::-1])
    _check(backend, np.transpose(x, (2, 0, 1)))


@pytest.mark.parametrize("dtype", ["int32", "int64", "uint16", "uint32", "float32", "float64"])
def test_label_output_dtype_and_array(backend, dtype):
    rng = np.random.default_rng()
    x = _mask(rng, (33, 45), "bool")
    _check(backend, x, output=dtype)
    _check(backend, x, output=np.dtype(dtype).type)
    expected, n_expected = ndi.label(x)
    out = to_backend(np.zeros(x.shape, dtype), backend)
    assert cupix.ndimage.label(to_backend(x, backend), output=out) == n_expected
    np.testing.assert_array_equal(to_numpy(out), expected.astype(dtype))
    strided = to_backend(np.zeros((33, 90), dtype), backend)[:, ::2]  # a non-contiguous output array
    assert cupix.ndimage.label(to_backend(x, backend), output=strided) == n_expected
    np.testing.assert_array_equal(to_numpy(strided), expected.astype(dtype))


def test_label_small_outputs(backend):
    rng = np.random.default_rng()
    few = np.zeros((20, 20), bool)
    few[2:5, 2:5] = few[10:12, 3:18] = True
    _check(backend, few, output=np.uint8)
    many = rng.random((100, 100)) < 0.5  # about 650 components: more than 255
    with pytest.raises(RuntimeError, match="insufficient bit-depth"):
        cupix.ndimage.label(to_backend(many, backend), output=np.uint8)
    with pytest.raises(RuntimeError, match="insufficient bit-depth"):
        cupix.ndimage.label(to_backend(many, backend), output=np.int8)


def test_label_empty_and_scalars(backend):
    for x in [np.zeros((0, 3)), np.zeros((4, 0, 2), bool), np.array(5.0), np.array(0), np.zeros((5, 6)),
              np.ones((5, 6))]:
        _check(backend, x)


def test_label_bad_arguments(backend):
    x = to_backend(np.ones((5, 6), bool), backend)
    with pytest.raises(RuntimeError, match="equal rank"):
        cupix.ndimage.label(x, np.ones((3, 3, 3)))
    with pytest.raises(RuntimeError, match="equal rank"):
        cupix.ndimage.label(x, np.ones(3))
    with pytest.raises(ValueError, match="equal to 3"):
        cupix.ndimage.label(x, np.ones((5, 5)))
    with pytest.raises(ValueError, match="symmetric"):
        cupix.ndimage.label(x, [[0, 1, 0], [0, 1, 0], [0, 0, 0]])
    with pytest.raises(ValueError, match="output shape"):
        cupix.ndimage.label(x, output=to_backend(np.zeros((6, 5), np.int32), backend))
    with pytest.raises(TypeError):
        cupix.ndimage.label(to_backend(np.ones((3, 3), np.complex64), backend))
