"""cupix.ndimage.find_objects against scipy.ndimage.find_objects: the same list of slices."""
import numpy as np
import pytest
import scipy.ndimage as ndi

import cupix
from conftest import to_backend

SHAPES = [(1,), (37,), (13, 17), (64, 61), (7, 9, 11), (3, 4, 5, 6)]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("dtype", ["uint8", "uint16", "int16", "int32", "int64", "uint64"])
def test_find_objects_random_labels(backend, shape, dtype):
    rng = np.random.default_rng()
    labels = rng.integers(0, 12, shape).astype(dtype)
    labels[rng.random(shape) < 0.5] = 0
    labels.flat[0] = 3  # the largest value is at least 1
    x = to_backend(labels, backend)
    assert cupix.ndimage.find_objects(x) == ndi.find_objects(labels)
    for max_label in [1, 4, 15]:
        assert cupix.ndimage.find_objects(x, max_label=max_label) == ndi.find_objects(labels, max_label=max_label)


def test_find_objects_of_label_output(backend):
    rng = np.random.default_rng()
    mask = ndi.uniform_filter(rng.random((120, 97)), 5) > 0.5
    labels, n = ndi.label(mask)
    x = to_backend(labels, backend)
    assert cupix.ndimage.find_objects(x) == ndi.find_objects(labels)
    assert cupix.ndimage.find_objects(x[::2, ::-1]) == ndi.find_objects(labels[::2, ::-1])  # strided views


def test_find_objects_negative_bool_float_and_scalars(backend):
    signed = np.array([[0, 2, 2], [0, 0, -1], [3, 0, 2]])
    assert cupix.ndimage.find_objects(to_backend(signed, backend)) == ndi.find_objects(signed)
    floats = np.array([1.7, 0, 2.2, -1.5])  # truncated toward zero when max_label is given
    assert cupix.ndimage.find_objects(to_backend(floats, backend), max_label=3) == ndi.find_objects(floats, max_label=3)
    flags = np.array([True, False, True])
    assert cupix.ndimage.find_objects(to_backend(flags, backend), max_label=2) == ndi.find_objects(flags, max_label=2)
    for scalar in [np.array(2), np.array(0)]:
        assert cupix.ndimage.find_objects(to_backend(scalar, backend), max_label=3) == \
            ndi.find_objects(scalar, max_label=3)
    assert cupix.ndimage.find_objects(to_backend(np.array(2), backend)) == ndi.find_objects(np.array(2))
    negative = np.full((3, 4), -2)
    assert cupix.ndimage.find_objects(to_backend(negative, backend)) == ndi.find_objects(negative) == []
    empty = np.zeros((0, 3), int)
    assert cupix.ndimage.find_objects(to_backend(empty, backend), max_label=2) == [None, None]


def test_find_objects_bad_inputs(backend):
    with pytest.raises(TypeError):
        cupix.ndimage.find_objects(to_backend(np.array([1.5, 2.0]), backend))
    with pytest.raises(TypeError):
        cupix.ndimage.find_objects(to_backend(np.array([True, False]), backend))
    with pytest.raises(ValueError):
        cupix.ndimage.find_objects(to_backend(np.zeros((0, 3), int), backend))
    with pytest.raises(TypeError):
        cupix.ndimage.find_objects(to_backend(np.ones(3, np.complex64), backend), max_label=2)
    with pytest.raises(MemoryError):
        cupix.ndimage.find_objects(to_backend(np.ones(3, np.int64), backend), max_label=2**40)
