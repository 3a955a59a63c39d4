"""Measurements of scipy.ndimage: connected-component labelling. Signatures, defaults and errors
follow SciPy."""
import numpy as np

from .. import _core
from .._interop import Call, host_vector


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
