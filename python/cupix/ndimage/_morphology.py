"""Binary and grey-scale morphology of scipy.ndimage. Signatures, defaults and errors follow SciPy."""
import operator

import numpy as np

from .. import _core
from .._interop import Call, host_vector
from ._filters import _axes_list, _footprint_arguments, _normalize_sequence, _origins


def _grey(operation, input, size, footprint, structure, output, mode, cval, origin, axes):
    call = Call(input)  # complex inputs raise TypeError there, as in SciPy
    a = call.array(input)
    axes, n, sizes, fp, origins = _footprint_arguments(call, a, size, footprint, origin, axes)
    st = None if structure is None else call.array(np.asarray(host_vector(structure), order="C"))
    flat_box = structure is None and footprint is None
    modes = _normalize_sequence(mode, n) if flat_box else ([mode] if isinstance(mode, str) else list(mode))
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


def generate_binary_structure(rank, connectivity):
    """Generate a binary structure for binary morphological operations
    (scipy.ndimage.generate_binary_structure): a ``(3,) * rank`` bool NumPy array, true within
    city-block distance `connectivity` of the centre (below 1 acts as 1; rank < 1 gives a 0-d
    true array)."""
    return np.from_dlpack(_core.generate_binary_structure(int(rank), int(connectivity)))


def iterate_structure(structure, iterations, origin=None):
    """Iterate a structure by dilating it with itself (scipy.ndimage.iterate_structure).

    For iterations < 2 a copy of `structure` (dtype kept). With `origin`, also returns the
    origin scaled by `iterations`, as SciPy does."""
    structure = np.asarray(structure)
    if iterations < 2:
        return structure.copy()
    out = np.from_dlpack(_core.iterate_structure(_core_array(np.asarray(structure, order="C")),
                                                 operator.index(iterations)))
    if origin is None:
        return out
    return out, [iterations * o for o in _normalize_sequence(origin, structure.ndim)]


def _core_array(x):
    return Call(x).array(x)


def _binary_arguments(input, output):
    call = Call(input)  # complex inputs raise TypeError there, as in SciPy
    out = None
    if output is not None and not isinstance(output, (str, type, np.dtype)):
        if np.iscomplexobj(output):
            raise TypeError("Complex output type not supported")
        out = call.array(output, writable=True)
    return call, call.array(input), out


def _structure(call, structure):
    return None if structure is None else call.array(np.asarray(host_vector(structure, dtype=bool), order="C"))


def _binary(operation, input, structure, iterations, mask, output, border_value, origin, axes):
    try:
        iterations = operator.index(iterations)
    except TypeError:
        raise TypeError("iterations parameter should be an integer") from None
    call, a, out = _binary_arguments(input, output)
    m = None if mask is None else call.array(mask)
    result = _core.binary_morphology(operation, a, _structure(call, structure), iterations, m, out,
                                     bool(border_value), _origins(origin), _axes_list(axes), call.stream)
    return call.result(result, output if out is not None else None)


def binary_erosion(input, structure=None, iterations=1, mask=None, output=None, border_value=0, origin=0,
                   brute_force=False, *, axes=None):
    """Multidimensional binary erosion (scipy.ndimage.binary_erosion).

    True where every true element of `structure` (default: the cross of connectivity 1 over
    `axes`), placed by `origin`, covers a nonzero input; outside the array the input is
    `border_value`. `iterations` repeats it (< 1: until nothing changes); where `mask` is given
    and false, pixels keep their input value. An `output` array receives 0/1 in its dtype (a
    dtype is ignored: the result is bool, as in SciPy). A structure with no true element erodes to
    all true. `brute_force` is accepted; results never depend on it. Differences from SciPy:
    origins out of range raise ValueError (SciPy may crash), and an iteration to convergence that
    alternates raises RuntimeError (SciPy never returns).
    """
    return _binary("binary_erosion", input, structure, iterations, mask, output, border_value, origin, axes)


def binary_dilation(input, structure=None, iterations=1, mask=None, output=None, border_value=0, origin=0,
                    brute_force=False, *, axes=None):
    """Multidimensional binary dilation (scipy.ndimage.binary_dilation): the dual of
    `binary_erosion`, with the structure reflected and each origin mirrored (one further for
    even sizes). Arguments as in `binary_erosion`; `border_value` is the input's value outside.
    A structure with no true element dilates to all false."""
    return _binary("binary_dilation", input, structure, iterations, mask, output, border_value, origin, axes)


def binary_opening(input, structure=None, iterations=1, output=None, origin=0, mask=None, border_value=0,
                   brute_force=False, *, axes=None):
    """Multidimensional binary opening (scipy.ndimage.binary_opening): `iterations` erosions
    then as many dilations, with the same arguments."""
    return _binary("binary_opening", input, structure, iterations, mask, output, border_value, origin, axes)


def binary_closing(input, structure=None, iterations=1, output=None, origin=0, mask=None, border_value=0,
                   brute_force=False, *, axes=None):
    """Multidimensional binary closing (scipy.ndimage.binary_closing): `iterations` dilations
    then as many erosions, with the same arguments."""
    return _binary("binary_closing", input, structure, iterations, mask, output, border_value, origin, axes)


def binary_propagation(input, structure=None, mask=None, output=None, border_value=0, origin=0, *, axes=None):
    """Multidimensional binary propagation (scipy.ndimage.binary_propagation): `binary_dilation`
    repeated until nothing changes, within `mask`."""
    return _binary("binary_propagation", input, structure, -1, mask, output, border_value, origin, axes)


def binary_fill_holes(input, structure=None, output=None, origin=0, *, axes=None):
    """Fill the holes in binary objects (scipy.ndimage.binary_fill_holes): background that
    `structure` (default: connectivity 1) does not connect to the border becomes true. With an
    `output` array the result is written there and None is returned, as in SciPy."""
    result = _binary("binary_fill_holes", input, structure, -1, None, output, 0, origin, axes)
    return None if output is not None and not isinstance(output, (str, type, np.dtype)) else result


def binary_hit_or_miss(input, structure1=None, structure2=None, output=None, origin1=0, origin2=None, *, axes=None):
    """Multidimensional binary hit-or-miss transform (scipy.ndimage.binary_hit_or_miss): true
    where `structure1` (origin1) fits the foreground and `structure2` (origin2; default: the
    complement of structure1 and origin1) fits the background; outside the array is background.
    With an `output` array the result is written there and None is returned, as in SciPy."""
    call, a, out = _binary_arguments(input, output)
    result = _core.binary_hit_or_miss(a, _structure(call, structure1), _structure(call, structure2), out,
                                      _origins(origin1), None if origin2 is None else _origins(origin2),
                                      _axes_list(axes), call.stream)
    if out is not None:
        return None
    return call.result(result)


def distance_transform_cdt(input, metric="chessboard", return_distances=True, return_indices=False, distances=None,
                           indices=None):
    """Chamfer distance transform (scipy.ndimage.distance_transform_cdt).

    For each nonzero element, the fewest steps through the metric's neighbourhood to a zero
    element (int32; -1 where none is reached); with `return_indices`, that zero's coordinates
    (int32, shape ``(input.ndim,) + input.shape``; a point's own where none is reached). `metric`
    is 'chessboard' (every neighbour), 'taxicab' ('cityblock', 'manhattan': face neighbours) or a
    3 x ... x 3 structure of the input's rank. Returns the distances, the indices, or both as a
    tuple; `distances` / `indices` int32 arrays are filled in place instead of being returned.

    The chessboard and taxicab distances are computed exactly, per axis as lower envelopes
    (Meijster et al.), on the input's device; they equal SciPy's, and where several zeros are
    nearest the indices may name another of them than SciPy's raster scan does. Any other
    structure runs SciPy's two raster passes, whose distances and indices cupix reproduces (not
    always the fewest steps near the array's edges); that scan is sequential and runs on one CPU
    thread, for GPU arrays too. Unlike SciPy, which reads a structure's bytes as booleans (so a
    float ``ones((3, 3))`` has no neighbours), cupix takes a structure's nonzero values; and it
    fills a given `indices` array with coordinates, where SciPy looks its old contents up.
    """
    call = Call(input)
    a = call.array(input)
    structure = None
    if isinstance(metric, str):
        name = metric
    else:
        name = ""
        try:
            structure = call.array(np.asarray(host_vector(metric, dtype=None)))
        except Exception as e:
            raise ValueError("invalid metric provided") from e
    dt = None if distances is None else call.array(distances, writable=True)
    ft = None if indices is None else call.array(indices, writable=True)
    d, i = _core.distance_transform_cdt(a, name, structure, bool(return_distances), bool(return_indices), dt, ft,
                                        call.stream)
    result = [call.result(r) for r in (d, i) if r is not None]
    if len(result) == 2:
        return tuple(result)
    return result[0] if result else None


def distance_transform_edt(input, sampling=None, return_distances=True, return_indices=False, distances=None,
                           indices=None):
    """Exact Euclidean distance transform (scipy.ndimage.distance_transform_edt).

    For each nonzero element, the distance to the nearest zero element (float64), with the axis
    spacings `sampling` (one value or one per axis); with `return_indices`, that element's
    coordinates as an int32 array of shape ``(input.ndim,) + input.shape``. Returns the distances,
    the indices, or both as a tuple, in that order; `distances` / `indices` arrays (float64 /
    int32) are filled in place instead of being returned. Where several zeros are nearest, the
    indices may name another of them than SciPy's does (the distances agree). A 0-d input is
    taken as 1-d, as SciPy does. Errors as SciPy's (RuntimeError), and ValueError for a negative
    or NaN spacing (SciPy takes negative spacings and then returns distances that are not the
    nearest).

    Computed per axis as lower envelopes of parabolas (Felzenszwalb & Huttenlocher), linear in
    the number of elements, on the input's device.
    """
    call = Call(input)
    a = call.array(input)
    samp = [] if sampling is None else [float(s) for s in np.atleast_1d(host_vector(sampling))]
    dt = None if distances is None else call.array(distances, writable=True)
    ft = None if indices is None else call.array(indices, writable=True)
    d, i = _core.distance_transform_edt(a, samp, bool(return_distances), bool(return_indices), dt, ft, call.stream)
    result = [call.result(r) for r in (d, i) if r is not None]
    if len(result) == 2:
        return tuple(result)
    return result[0] if result else None
