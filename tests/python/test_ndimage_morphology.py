"""cupix.ndimage grey-scale morphology against scipy.ndimage on random inputs."""
import numpy as np
import pytest
import scipy.ndimage as ndi

import cupix
from conftest import random_image, to_backend, to_numpy

MODES = ["reflect", "constant", "nearest", "mirror", "wrap", "grid-constant", "grid-mirror", "grid-wrap"]
DTYPES = ["uint8", "uint16", "int16", "int32", "float32", "float64"]
SHAPES = [(37,), (13, 17), (7, 9, 11), (3, 4, 5, 6)]
GREY = ["grey_erosion", "grey_dilation", "grey_opening", "grey_closing", "morphological_gradient",
        "morphological_laplace", "white_tophat", "black_tophat"]


def _data(rng, shape, dtype):
    x = random_image(rng, shape, dtype)
    if np.dtype(dtype).kind in "ui":
        # Away from the dtype's ends: SciPy wraps integer overflow of value -/+ structure in its
        # own way (cupix computes in float64 and casts once); only results that fit are compared.
        x = (x.astype(np.int64) % 180 + 20).astype(dtype)
    return x


def _assert_close(result, expected, msg):
    """Exact for integers; for floats, to the rounding of value -/+ structure, which SciPy forms
    partly in the input's precision (cupix in float64), relative to the data's scale."""
    result = to_numpy(result)
    assert result.dtype == expected.dtype, (result.dtype, expected.dtype)
    tol = 4e-7 if expected.dtype == np.float32 else 1e-13 if expected.dtype == np.float64 else 0
    scale = float(np.abs(expected).max(initial=1.0))
    np.testing.assert_allclose(result, expected, rtol=tol, atol=tol * scale, err_msg=msg)


@pytest.mark.parametrize("func", GREY)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("kind", ["size", "box-footprint", "footprint", "structure", "structure+footprint"])
def test_grey_morphology(backend, func, dtype, shape, kind):
    rng = np.random.default_rng()
    x = _data(rng, shape, dtype)
    fshape = tuple(int(n) for n in rng.integers(1, 5, len(shape)))
    kw = {}
    if kind == "size":
        kw["size"] = list(fshape)
    elif kind.endswith("footprint"):
        fp = np.ones(fshape, bool) if kind == "box-footprint" else rng.random(fshape) > 0.4
        fp.flat[0] = True
        kw["footprint"] = fp
    if kind.startswith("structure"):
        kw["structure"] = rng.integers(0, 4, fshape).astype(float) if dtype[0] != "f" else rng.standard_normal(fshape)
    cvals = [-3.0, 7.0, 50.0] if dtype[0] == "f" else [7.0, 50.0, 120.0]  # integers: no overflow either
    kw.update(mode=str(rng.choice(MODES)), cval=float(rng.choice(cvals)),
              origin=[int(rng.integers(-(n // 2), (n - 1) // 2 + 1)) for n in fshape])
    expected = getattr(ndi, func)(x, **kw)
    r = getattr(cupix.ndimage, func)(to_backend(x, backend), **kw)
    _assert_close(r, expected, str(kw))


@pytest.mark.parametrize("func", ["grey_erosion", "grey_dilation", "grey_opening", "white_tophat", "black_tophat"])
def test_grey_morphology_bool(backend, func):
    rng = np.random.default_rng()
    x = rng.random((20, 23)) > 0.5
    for kw in (dict(size=3), dict(footprint=np.array([[0, 1, 1], [1, 1, 0]], bool)), dict(size=(2, 4), origin=(0, 1))):
        r = getattr(cupix.ndimage, func)(to_backend(x, backend), **kw)
        np.testing.assert_array_equal(to_numpy(r), getattr(ndi, func)(x, **kw), err_msg=f"{func} {kw}")


@pytest.mark.parametrize("func", GREY)
@pytest.mark.parametrize("kw", [dict(size=3, axes=(0, 2)), dict(size=[2, 4], axes=(2, 0), origin=(0, 1)),
                                dict(footprint=np.array([[1, 0, 1], [0, 1, 1]], bool), axes=(1, 2)),
                                dict(structure=np.array([[0.0, 1.5], [2.0, 0.5]]), axes=(0, 1)),
                                dict(size=(3, 1, 2), mode=["wrap", "constant", "mirror"]),
                                dict(size=3, output=np.float32)],
                         ids=lambda k: "-".join(f"{a}={b}" for a, b in k.items() if a not in ("footprint", "structure"))
                         + ("-structure" if "structure" in k else "") + ("-footprint" if "footprint" in k else ""))
def test_grey_morphology_arguments(backend, func, kw):
    rng = np.random.default_rng()
    x = rng.standard_normal((8, 11, 9)) * 100
    expected = getattr(ndi, func)(x, **kw)
    r = getattr(cupix.ndimage, func)(to_backend(x, backend), **kw)
    _assert_close(r, expected, str(kw))


@pytest.mark.parametrize("func", GREY)
def test_grey_morphology_output_array(backend, func):
    rng = np.random.default_rng()
    x = rng.integers(0, 200, (15, 16)).astype(np.int16)
    out = to_backend(np.zeros((15, 16), np.float64), backend)
    r = getattr(cupix.ndimage, func)(to_backend(x, backend), size=(3, 2), output=out)
    assert r is out
    expected = np.zeros((15, 16), np.float64)
    getattr(ndi, func)(x, size=(3, 2), output=expected)
    np.testing.assert_allclose(to_numpy(out), expected)


def test_grey_morphology_bad_inputs(backend):
    x = to_backend(np.zeros((4, 5)), backend)
    with pytest.raises(ValueError, match="must be specified"):
        cupix.ndimage.grey_erosion(x)
    with pytest.raises(ValueError, match="All-zero footprint"):
        cupix.ndimage.grey_dilation(x, footprint=np.zeros((3, 3)))
    with pytest.raises(ValueError, match="All-zero footprint"):
        cupix.ndimage.grey_erosion(x, footprint=np.zeros((3, 3)), structure=np.zeros((3, 3)))
    with pytest.raises(RuntimeError, match="incorrect shape"):
        cupix.ndimage.grey_erosion(x, footprint=np.ones((3, 3)), structure=np.zeros((2, 3)))
    with pytest.raises(ValueError, match="invalid origin"):
        cupix.ndimage.grey_erosion(x, size=2, origin=1)
    with pytest.raises(ValueError, match="invalid origin"):
        cupix.ndimage.grey_dilation(x, structure=np.zeros((3, 3)), origin=2)
    with pytest.raises(RuntimeError, match="sequence of modes"):
        cupix.ndimage.grey_erosion(x, structure=np.zeros((3, 3)), mode=["wrap", "reflect"])
    with pytest.raises(RuntimeError, match="must match len"):
        cupix.ndimage.grey_dilation(x, footprint=np.ones(3))
    with pytest.raises(RuntimeError, match="boundary mode"):
        cupix.ndimage.grey_opening(x, size=3, mode="bogus")
    with pytest.raises(TypeError, match="boolean subtract"):
        cupix.ndimage.morphological_gradient(to_backend(np.zeros((4, 5), bool), backend), size=3)
    with pytest.raises(TypeError):
        cupix.ndimage.grey_erosion(to_backend(np.zeros((3, 3), np.complex64), backend), size=3)
    with pytest.warns(UserWarning, match="ignoring size"):
        cupix.ndimage.grey_erosion(x, size=3, footprint=np.ones((3, 3)))
