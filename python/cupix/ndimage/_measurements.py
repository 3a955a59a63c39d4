"""Measurements of scipy.ndimage: connected-component labelling and bounding boxes. Signatures,
defaults and errors follow SciPy."""
import operator

import numpy as np

from .. import _core
from .._interop import Call, dtype_of, host_vector


def _is_array(output):
    return output is not None and not isinstance(output, (str, type, np.dtype))


def label(input, structure=None, output=None):
    """Label features in an array (scipy.ndimage.label).

    Connected components of the nonzero elements (NaN counts as nonzero) are numbered
    ``1..num_features`` in the order of their first element in C order, exactly as SciPy numbers
    them; background is 0. `structure` (``3`` along every axis, as many axes as `input`, symmetric;
    default: connectivity 1, as ``generate_binary_structure(input.ndim, 1)``) says which neighbours
    connect. Returns ``(labeled_array, num_features)``, or only ``num_features`` when `output` is an
    array (filled in place). The labels are int32 (int64 from 2**31 - 2 elements on) unless
    `output` names a dtype; labels that do not fit an integer output raise RuntimeError.

    Runs on the input's device: a concurrent union-find over all elements (the same on the CPU
    and the GPU), then a prefix count that numbers the components. An asymmetric structure raises
    ValueError (SciPy raises AssertionError).
    """
    call = Call(input)  # complex inputs raise TypeError there, as in SciPy
    a = call.array(input)
    st = None if structure is None else call.array(np.asarray(host_vector(structure, dtype=bool), order="C"))
    result, count = _core.label(a, st, call.output(output), call.stream)
    if _is_array(output):
        return count
    return call.result(result), count


def find_objects(input, max_label=0):
    """Find objects in a labeled array (scipy.ndimage.find_objects).

    Element ``k - 1`` of the returned list is a tuple of slices (one per axis) bounding label
    ``k``, for ``k = 1 .. max_label``, or None where label ``k`` does not occur; labels below 1 or
    above `max_label` are ignored. With ``max_label < 1`` it is the input's largest value, which
    must then be an integer (TypeError for bool and float inputs, ValueError for empty ones, as
    SciPy); with `max_label` given, bool inputs count as 0/1 and floats are truncated toward zero.

    Computed on the input's device with an atomic minimum and maximum per label and axis.
    """
    call = Call(input)  # complex inputs raise TypeError there, as in SciPy
    a = call.array(input)
    max_label = operator.index(max_label)
    if max_label < 1 and np.dtype(dtype_of(input)).kind not in "iu":
        raise TypeError(f"'numpy.{np.dtype(dtype_of(input)).name}' object cannot be interpreted as an integer")
    return _core.find_objects(a, max_label, call.stream)
