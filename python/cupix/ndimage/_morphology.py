"""Grey-scale morphology of scipy.ndimage. Signatures, defaults and errors follow SciPy."""
import operator
import warnings

import numpy as np

from .. import _core
from .._interop import Call, host_vector
from ._filters import _axes_list, _normalize_sequence


def _grey(operation, input, size, footprint, structure, output, mode, cval, origin, axes):
    if size is not None and footprint is not None:
        warnings.warn("ignoring size because footprint is set", UserWarning, stacklevel=3)
    call = Call(input)  # complex inputs raise TypeError there, as in SciPy
    a = call.array(input)
    axes = _axes_list(axes)
    n = len(axes) if axes is not None else len(a.shape)
    sizes = [] if size is None else [int(s) for s in _normalize_sequence(size, n)]
    fp = None if footprint is None else call.array(np.ascontiguousarray(host_vector(footprint, dtype=bool)))
    st = None if structure is None else call.array(np.ascontiguousarray(host_vector(structure)))
    flat_box = structure is None and footprint is None
    modes = _normalize_sequence(mode, n) if flat_box else ([mode] if isinstance(mode, str) else list(mode))
    origins = [operator.index(o) for o in origin] if np.iterable(origin) else [operator.index(origin)]
    result = _core.grey_morphology(operation, a, sizes, fp, st, call.output(output), modes, float(cval), origins,
                                   axes, call.stream)
    return call.result(result, output)


def grey_erosion(input, size=None, footprint=None, structure=None, output=None, mode="reflect", cval=0.0, origin=0,
                 *, axes=None):
    """Calculate a greyscale erosion (scipy.ndimage.grey_erosion).

    The minimum over the window of ``input - structure``. The window is a box of `size` (one
    value or one per axis in `axes`), the true elements of `footprint`, or the shape of
    `structure` (a non-flat window: its values are subtracted; `size` is then ignored). Without a
    structure this is `minimum_filter`. Values compare in float64 and are cast to the output
    (SciPy wraps integer overflow of ``input - structure`` differently: only results that fit
    the output dtype agree).
    """
    return _grey("grey_erosion", input, size, footprint, structure, output, mode, cval, origin, axes)


def grey_dilation(input, size=None, footprint=None, structure=None, output=None, mode="reflect", cval=0.0,
                  origin=0, *, axes=None):
    """Calculate a greyscale dilation (scipy.ndimage.grey_dilation): the maximum of
    ``input + structure`` over the window reflected through its centre (footprint and structure
    reversed, each origin mirrored and, for even sizes, moved one further). Arguments as in
    `grey_erosion`."""
    return _grey("grey_dilation", input, size, footprint, structure, output, mode, cval, origin, axes)


def grey_opening(input, size=None, footprint=None, structure=None, output=None, mode="reflect", cval=0.0, origin=0,
                 *, axes=None):
    """Multidimensional greyscale opening (scipy.ndimage.grey_opening): `grey_erosion`, then
    `grey_dilation` of the result, with the same arguments."""
    return _grey("grey_opening", input, size, footprint, structure, output, mode, cval, origin, axes)


def grey_closing(input, size=None, footprint=None, structure=None, output=None, mode="reflect", cval=0.0, origin=0,
                 *, axes=None):
    """Multidimensional greyscale closing (scipy.ndimage.grey_closing): `grey_dilation`, then
    `grey_erosion` of the result, with the same arguments."""
    return _grey("grey_closing", input, size, footprint, structure, output, mode, cval, origin, axes)


def morphological_gradient(input, size=None, footprint=None, structure=None, output=None, mode="reflect", cval=0.0,
                           origin=0, *, axes=None):
    """Multidimensional morphological gradient (scipy.ndimage.morphological_gradient):
    ``grey_dilation - grey_erosion`` in the input's dtype, or in `output` when it is an array (a
    dtype `output` is ignored, as in SciPy). Integers wrap; bool inputs raise TypeError, as
    NumPy's boolean subtract does."""
    return _grey("morphological_gradient", input, size, footprint, structure, output, mode, cval, origin, axes)


def morphological_laplace(input, size=None, footprint=None, structure=None, output=None, mode="reflect", cval=0.0,
                          origin=0, *, axes=None):
    """Multidimensional morphological laplace (scipy.ndimage.morphological_laplace):
    ``grey_dilation + grey_erosion - 2 * input`` in the dtype chosen as for
    `morphological_gradient`."""
    return _grey("morphological_laplace", input, size, footprint, structure, output, mode, cval, origin, axes)


def white_tophat(input, size=None, footprint=None, structure=None, output=None, mode="reflect", cval=0.0, origin=0,
                 *, axes=None):
    """Multidimensional white tophat filter (scipy.ndimage.white_tophat): ``input - opening``
    (exclusive or for bool input and result)."""
    return _grey("white_tophat", input, size, footprint, structure, output, mode, cval, origin, axes)


def black_tophat(input, size=None, footprint=None, structure=None, output=None, mode="reflect", cval=0.0, origin=0,
                 *, axes=None):
    """Multidimensional black tophat filter (scipy.ndimage.black_tophat): ``closing - input``
    (exclusive or for bool input and result)."""
    return _grey("black_tophat", input, size, footprint, structure, output, mode, cval, origin, axes)
