"""cupix.filters.gaussian against skimage.filters.gaussian."""
import numpy as np
import pytest
import skimage

import cupix
from conftest import assert_matches, random_image, to_backend, to_numpy

DTYPES = ["uint8", "uint16", "int16", "int32", "float16", "float32", "float64", "bool"]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("preserve_range", [False, True])
@pytest.mark.parametrize("shape", [(31,), (24, 17), (9, 12, 7), (3, 5, 4, 6)], ids=lambda s: "x".join(map(str, s)))
def test_gaussian(backend, dtype, preserve_range, shape):
    rng = np.random.default_rng()
    x = random_image(rng, shape, dtype)
    sigma = float(rng.uniform(0.5, 3.0))
    expected = skimage.filters.gaussian(x, sigma=sigma, preserve_range=preserve_range)
    result = cupix.filters.gaussian(to_backend(x, backend), sigma=sigma, preserve_range=preserve_range)
    assert_matches(result, expected)


@pytest.mark.parametrize("mode", ["nearest", "reflect", "constant", "mirror", "wrap"])
@pytest.mark.parametrize("channel_axis", [None, 0, -1, 1])
def test_gaussian_modes_and_channels(backend, mode, channel_axis):
    rng = np.random.default_rng()
    x = random_image(rng, (13, 3, 11), "float32")
    kw = dict(sigma=1.3, mode=mode, cval=0.7, channel_axis=channel_axis)
    assert_matches(cupix.filters.gaussian(to_backend(x, backend), **kw), skimage.filters.gaussian(x, **kw))


@pytest.mark.parametrize("sigma", [(1.0, 2.0), (0.5, 0.0), [3, 1, 0.7]])
def test_gaussian_per_axis_sigma(backend, sigma):
    rng = np.random.default_rng()
    x = random_image(rng, (20, 16, 3), "uint8")
    kw = dict(channel_axis=-1) if len(sigma) == 2 else {}
    assert_matches(cupix.filters.gaussian(to_backend(x, backend), sigma=sigma, **kw),
                   skimage.filters.gaussian(x, sigma=sigma, **kw))


def test_gaussian_truncate_and_out(backend):
    rng = np.random.default_rng()
    x = random_image(rng, (21, 19), "float64")
    out = to_backend(np.empty_like(x), backend)
    r = cupix.filters.gaussian(to_backend(x, backend), sigma=2.0, truncate=2.5, out=out)
    assert r is out
    assert_matches(out, skimage.filters.gaussian(x, sigma=2.0, truncate=2.5))


def test_gaussian_bad_inputs(backend):
    x = to_backend(np.zeros((8, 8)), backend)
    with pytest.raises(ValueError, match="less than zero"):
        cupix.filters.gaussian(x, sigma=-1)
    with pytest.raises(ValueError, match="less than zero"):
        cupix.filters.gaussian(x, sigma=(1, -0.5))
    with pytest.raises(ValueError, match="must be float"):
        cupix.filters.gaussian(x, out=to_backend(np.zeros((8, 8), np.uint8), backend))
    with pytest.raises(RuntimeError, match="boundary mode"):
        cupix.filters.gaussian(x, mode="edge")
    with pytest.raises(RuntimeError, match="sequence argument"):
        cupix.filters.gaussian(x, sigma=(1, 2, 3))
    with pytest.raises(ValueError, match="complex"):
        cupix.filters.gaussian(to_backend(np.zeros((4, 4), np.complex64), backend))
    with pytest.raises(np.exceptions.AxisError):
        cupix.filters.gaussian(x, channel_axis=2)


def test_gaussian_nan_and_empty(backend):
    x = np.linspace(0, 1, 49).reshape(7, 7)
    x[3, 3] = np.nan
    assert_matches(cupix.filters.gaussian(to_backend(x, backend)), skimage.filters.gaussian(x))
    e = np.zeros((0, 5), np.uint8)
    assert to_numpy(cupix.filters.gaussian(to_backend(e, backend))).shape == (0, 5)
