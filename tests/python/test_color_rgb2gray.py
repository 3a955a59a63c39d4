"""cupix.color.rgb2gray against skimage.color.rgb2gray."""
import numpy as np
import pytest
import skimage

import cupix
from conftest import assert_matches, random_image, to_backend

DTYPES = ["uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64",
          "float16", "float32", "float64", "bool"]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(3,), (5, 3), (17, 23, 3), (4, 6, 5, 3)], ids=lambda s: "x".join(map(str, s)))
def test_rgb2gray(backend, dtype, shape):
    rng = np.random.default_rng()
    x = random_image(rng, shape, dtype)
    if dtype.startswith("float"):
        x = np.abs(x) / 10  # images of float dtype hold [0, 1]-ish values
    expected = skimage.color.rgb2gray(x)
    assert_matches(cupix.color.rgb2gray(to_backend(x, backend)), expected, rtol=1e-6 if dtype[-2:] != "64" else 1e-12)


@pytest.mark.parametrize("channel_axis", [0, 1, -2, (2,), -1])
@pytest.mark.parametrize("dtype", ["uint8", "float32"])
def test_rgb2gray_channel_axis(backend, channel_axis, dtype):
    rng = np.random.default_rng()
    shape = [3, 3, 3]
    x = random_image(rng, (11, 3, 9) if channel_axis in (1, -2) else (3, 10, 9) if channel_axis == 0 else (8, 7, 3),
                     dtype)
    expected = skimage.color.rgb2gray(x, channel_axis=channel_axis)
    assert_matches(cupix.color.rgb2gray(to_backend(x, backend), channel_axis=channel_axis), expected, rtol=1e-6)
    del shape


def test_rgb2gray_views(backend):
    rng = np.random.default_rng()
    base = random_image(rng, (20, 30, 4), "uint8")
    view = base[::3, ::-2, 1:]  # strided RGB inside an RGBA buffer
    assert_matches(cupix.color.rgb2gray(to_backend(view, backend)), skimage.color.rgb2gray(view), rtol=1e-12)


def test_rgb2gray_bad_inputs(backend):
    with pytest.raises(ValueError, match="size 3 along `channel_axis`"):
        cupix.color.rgb2gray(to_backend(np.zeros((4, 4, 4), np.uint8), backend))  # RGBA
    with pytest.raises(ValueError, match="size 3 along `channel_axis`"):
        cupix.color.rgb2gray(to_backend(np.zeros((5, 6)), backend))  # grey image
    with pytest.raises(np.exceptions.AxisError):
        cupix.color.rgb2gray(to_backend(np.zeros((4, 4, 3)), backend), channel_axis=3)
    with pytest.raises(ValueError, match="single channel axis"):
        cupix.color.rgb2gray(to_backend(np.zeros((4, 4, 3)), backend), channel_axis=(1, 2))
    with pytest.raises(IndexError):
        cupix.color.rgb2gray(to_backend(np.zeros(()), backend))
    with pytest.raises(ValueError, match="complex"):
        cupix.color.rgb2gray(to_backend(np.zeros((2, 3), np.complex128), backend))


def test_rgb2gray_nan_and_empty(backend):
    x = np.full((2, 2, 3), 0.5)
    x[0, 1, 2] = np.nan
    assert_matches(cupix.color.rgb2gray(to_backend(x, backend)), skimage.color.rgb2gray(x))
    e = np.zeros((0, 3), np.uint8)
    assert_matches(cupix.color.rgb2gray(to_backend(e, backend)), skimage.color.rgb2gray(e))
