"""cupix.ndimage binary morphology against scipy.ndimage on random inputs.

SciPy is called with brute_force=True: its default path for iterations != 1 (a list of changed
pixels) corrupts the heap for some structures and origins in SciPy 1.17 (seen as "double free or
corruption" a few hundred calls later); brute_force does not change SciPy's results."""
import numpy as np
import pytest
import scipy.ndimage as ndi

import cupix
from conftest import random_image, to_backend, to_numpy

# Wider ones too: the GPU kernel's word reads cover the interior, where windows stay inside.
SHAPES = [(37,), (13, 17), (7, 9, 11), (3, 4, 5, 6), (45, 131), (9, 21, 70)]
BINARY = ["binary_erosion", "binary_dilation", "binary_opening", "binary_closing"]


def _image(rng, shape, dtype="bool"):
    x = random_image(rng, shape, dtype)
    return x if dtype == "bool" else np.where(rng.random(shape) < 0.4, 0, x).astype(dtype)


def _structure(rng, ndim, centred):
    """A random structure; `centred`: odd sizes with the centre set, so iterating to convergence
    cannot alternate (SciPy never returns then)."""
    shape = tuple(int(n) for n in (rng.choice([1, 3], ndim) if centred else rng.integers(1, 5, ndim)))
    s = rng.random(shape) > 0.4
    if centred:
        s[tuple(n // 2 for n in shape)] = True
    else:
        s.flat[0] = True
    return s


@pytest.mark.parametrize("func", BINARY)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("dtype", ["bool", "uint8", "float32"])
@pytest.mark.parametrize("iterations", [1, 2])
def test_binary_morphology(backend, func, shape, dtype, iterations):
    rng = np.random.default_rng()
    x = _image(rng, shape, dtype)
    s = _structure(rng, len(shape), centred=False)
    kw = dict(structure=s, iterations=iterations, border_value=int(rng.integers(0, 2)),
              origin=[int(rng.integers(-(n // 2), (n - 1) // 2 + 1)) for n in s.shape])
    if rng.random() < 0.5:
        kw["mask"] = rng.random(shape) > 0.3
    r = getattr(cupix.ndimage, func)(to_backend(x, backend), **kw)
    np.testing.assert_array_equal(to_numpy(r), getattr(ndi, func)(x, brute_force=True, **kw), err_msg=str(kw))


@pytest.mark.parametrize("func", ["binary_erosion", "binary_dilation"])
def test_binary_bool_bytes_other_than_0_and_1(backend, func):
    """A bool array viewed from other bytes: SciPy reads every nonzero byte as true."""
    rng = np.random.default_rng()
    raw = np.where(rng.random((40, 67)) < 0.3, 0, rng.integers(1, 256, (40, 67))).astype(np.uint8)
    kw = dict(structure=np.ones((3, 3), bool), border_value=1)
    expected = getattr(ndi, func)(raw != 0, **kw)
    r = getattr(cupix.ndimage, func)(to_backend(raw, backend).view(bool), **kw)
    np.testing.assert_array_equal(to_numpy(r), expected)


@pytest.mark.parametrize("func", ["binary_erosion", "binary_dilation"])
def test_binary_large_structure_and_rank(backend, func):
    """More footprint elements (169) or axes (5) than the GPU kernel takes: the generic engine."""
    rng = np.random.default_rng()
    x = _image(rng, (40, 52))
    kw = dict(structure=np.ones((13, 13), bool), border_value=1)
    r = getattr(cupix.ndimage, func)(to_backend(x, backend), **kw)
    np.testing.assert_array_equal(to_numpy(r), getattr(ndi, func)(x, **kw))
    x = _image(rng, (3, 4, 3, 5, 9))
    r = getattr(cupix.ndimage, func)(to_backend(x, backend))
    np.testing.assert_array_equal(to_numpy(r), getattr(ndi, func)(x))


@pytest.mark.parametrize("func", ["binary_erosion", "binary_dilation"])
@pytest.mark.parametrize("shape", [(40,), (15, 17), (6, 7, 8)], ids=lambda s: "x".join(map(str, s)))
def test_binary_iterate_to_convergence(backend, func, shape):
    rng = np.random.default_rng()
    x = _image(rng, shape)
    for kw in (dict(), dict(structure=_structure(rng, len(shape), centred=True)),
               dict(mask=rng.random(shape) > 0.2, border_value=1)):
        r = getattr(cupix.ndimage, func)(to_backend(x, backend), iterations=0, **kw)
        np.testing.assert_array_equal(to_numpy(r), getattr(ndi, func)(x, iterations=0, brute_force=True, **kw))


@pytest.mark.parametrize("shape", [(40,), (15, 17), (6, 7, 8)], ids=lambda s: "x".join(map(str, s)))
def test_binary_propagation_and_fill_holes(backend, shape):
    rng = np.random.default_rng()
    x = rng.random(shape) > 0.45
    mask = rng.random(shape) > 0.3
    seed = x & (rng.random(shape) > 0.9)
    np.testing.assert_array_equal(to_numpy(cupix.ndimage.binary_propagation(to_backend(seed, backend), mask=mask)),
                                  ndi.binary_propagation(seed, mask=mask))
    for structure in (None, ndi.generate_binary_structure(len(shape), len(shape))):
        r = cupix.ndimage.binary_fill_holes(to_backend(x, backend), structure=structure)
        np.testing.assert_array_equal(to_numpy(r), ndi.binary_fill_holes(x, structure=structure))


@pytest.mark.parametrize("shape", [(40,), (15, 17), (6, 7, 8)], ids=lambda s: "x".join(map(str, s)))
def test_binary_hit_or_miss(backend, shape):
    rng = np.random.default_rng()
    x = rng.random(shape) > 0.5
    s1 = _structure(rng, len(shape), centred=False)
    s2 = ~s1 & (rng.random(s1.shape) > 0.3)
    o1 = [int(rng.integers(-(n // 2), (n - 1) // 2 + 1)) for n in s1.shape]
    for kw in (dict(), dict(structure1=s1), dict(structure1=s1, structure2=s2, origin1=o1)):
        r = cupix.ndimage.binary_hit_or_miss(to_backend(x, backend), **kw)
        np.testing.assert_array_equal(to_numpy(r), ndi.binary_hit_or_miss(x, **kw), err_msg=str(kw))


@pytest.mark.parametrize("kw", [dict(axes=(0, 2)), dict(structure=[[1, 0], [1, 1]], axes=(2, 1), origin=(0, -1)),
                                dict(structure=np.zeros((3, 3, 3))), dict(structure=[[[1, 1]]], iterations=3)],
                         ids=lambda k: "-".join(f"{a}={b}" for a, b in k.items() if a != "structure")
                         + ("-structure" if "structure" in k else ""))
@pytest.mark.parametrize("func", BINARY)
def test_binary_morphology_arguments(backend, func, kw):
    rng = np.random.default_rng()
    x = rng.random((8, 11, 9)) > 0.4
    r = getattr(cupix.ndimage, func)(to_backend(x, backend), **kw)
    np.testing.assert_array_equal(to_numpy(r), getattr(ndi, func)(x, brute_force=True, **kw))


def test_binary_output_argument(backend):
    rng = np.random.default_rng()
    x = rng.random((12, 13)) > 0.4
    out = to_backend(np.zeros((12, 13), np.float32), backend)
    assert cupix.ndimage.binary_erosion(to_backend(x, backend), output=out) is out
    np.testing.assert_array_equal(to_numpy(out), ndi.binary_erosion(x).astype(np.float32))
    assert to_numpy(cupix.ndimage.binary_dilation(to_backend(x, backend), output=np.int8)).dtype == bool
    xb = to_backend(x.copy(), backend)
    cupix.ndimage.binary_opening(xb, output=xb)  # in place
    np.testing.assert_array_equal(to_numpy(xb), ndi.binary_opening(x))
    out = to_backend(np.zeros((12, 13), np.int32), backend)
    assert cupix.ndimage.binary_fill_holes(to_backend(x, backend), output=out) is None
    np.testing.assert_array_equal(to_numpy(out), ndi.binary_fill_holes(x))


def test_structures():
    for rank in range(-1, 5):
        for connectivity in range(0, 6):
            np.testing.assert_array_equal(cupix.ndimage.generate_binary_structure(rank, connectivity),
                                          ndi.generate_binary_structure(rank, connectivity))
    cross = ndi.generate_binary_structure(2, 1)
    for structure in (cross, np.array([1, 1]), np.array([1, 1, 0]), np.ones((2, 3)), np.array([[0, 2]])):
        for iterations in (0, 1, 2, 3):
            np.testing.assert_array_equal(cupix.ndimage.iterate_structure(structure, iterations),
                                          ndi.iterate_structure(structure, iterations))
    s, origin = cupix.ndimage.iterate_structure(cross, 2, origin=1)
    np.testing.assert_array_equal(s, ndi.iterate_structure(cross, 2))
    assert origin == [2, 2]


def test_binary_bad_inputs(backend):
    x = to_backend(np.zeros((4, 5), bool), backend)
    with pytest.raises(TypeError, match="iterations parameter"):
        cupix.ndimage.binary_erosion(x, iterations=1.5)
    with pytest.raises(RuntimeError, match="same dimensionality"):
        cupix.ndimage.binary_erosion(x, structure=np.ones(3))
    with pytest.raises(RuntimeError, match="must match len"):
        cupix.ndimage.binary_dilation(x, structure=np.ones((3, 3)), axes=1)
    with pytest.raises(RuntimeError, match="equal sizes"):
        cupix.ndimage.binary_erosion(x, mask=np.ones((3, 3), bool))
    with pytest.raises(RuntimeError, match="sequence argument"):
        cupix.ndimage.binary_erosion(x, origin=(0, 0, 0))
    with pytest.raises(ValueError, match="invalid origin"):
        cupix.ndimage.binary_erosion(x, origin=-2)
    with pytest.raises(RuntimeError, match="does not converge"):
        d9 = np.zeros(9, bool)
        d9[4] = True
        cupix.ndimage.binary_dilation(to_backend(d9, backend), [1, 0, 1], iterations=-1)
    with pytest.raises(TypeError):
        cupix.ndimage.binary_erosion(to_backend(np.zeros((3, 3), np.complex64), backend))
    with pytest.raises(TypeError, match="Complex output"):
        cupix.ndimage.binary_erosion(x, output=np.zeros((4, 5), np.complex64))
