"""Spline interpolation of scipy.ndimage (SciPy >= 1.6 semantics). Signatures, defaults, results
and errors follow SciPy; the work is done by cupix::ndimage (C++), on the input's device."""
import operator
import warnings

import numpy as np

from .. import _core
from .._interop import Call, host_vector


def spline_filter1d(input, order=3, axis=-1, output=np.float64, mode="mirror"):
    """B-spline coefficients of `input` along one axis (scipy.ndimage.spline_filter1d).

    Orders 0 and 1 copy the input; orders 2-5 run the exact recursive filters of the spline's
    poles, initialised for `mode`. Lines are filtered in float64 whatever the output dtype. On
    the GPU each line is cut into segments filtered in parallel, each started early enough that
    its start weighs less than 2**-64 of the line's largest value: results agree with the
    sequential filter to within that, rather than bit for bit. A NaN or infinity spreads over its
    whole line, as in SciPy.
    """
    call = Call(input)
    result = _core.spline_filter1d(call.array(input), operator.index(order), operator.index(axis),
                                   call.output(output), mode, call.stream)
    return call.result(result, output)


def spline_filter(input, order=3, output=np.float64, mode="mirror"):
    """Multidimensional B-spline coefficients (scipy.ndimage.spline_filter): spline_filter1d
    along every axis, each pass reading the previous one's output. `order` must be 2-5."""
    call = Call(input)
    result = _core.spline_filter(call.array(input), operator.index(order), call.output(output), mode, call.stream)
    return call.result(result, output)


def _interpolate(transform, input, args, output, order, mode, cval, prefilter):
    call = Call(input)
    args = tuple(call.array(a) if isinstance(a, np.ndarray) or hasattr(a, "__dlpack__") else a for a in args)
    result = _core.interpolate(transform, call.array(input), args, call.output(output), operator.index(order), mode,
                               float(cval), bool(prefilter), call.stream)
    return call.result(result, output)


def _per_axis(values):
    """One value or one per axis, as a list of floats (any array kind, on any device)."""
    return np.atleast_1d(host_vector(values)).ravel().tolist()


def map_coordinates(input, coordinates, output=None, order=3, mode="constant", cval=0.0, prefilter=True):
    """Values of `input` at `coordinates` by spline interpolation (scipy.ndimage.map_coordinates).

    `coordinates` has shape (input.ndim,) + output shape, on the input's device. Points outside
    the input follow `mode` ('constant': cval beyond the edges; 'grid-constant': cval for every
    tap outside; others extend the input). Integer outputs round half away from zero and clamp.
    """
    if not (hasattr(coordinates, "__dlpack__") or hasattr(coordinates, "__cuda_array_interface__")):
        coordinates = np.asarray(coordinates)
    return _interpolate("map_coordinates", input, (coordinates,), output, order, mode, cval, prefilter)


def affine_transform(input, matrix, offset=0.0, output_shape=None, output=None, order=3, mode="constant", cval=0.0,
                     prefilter=True):
    """Affine transformation (scipy.ndimage.affine_transform): output point o takes the input's
    value at ``matrix @ o + offset``.

    `matrix` is (ndim,) (a diagonal), (ndim, ndim), (ndim, ndim + 1) with the offset as last
    column, or (ndim + 1, ndim + 1) homogeneous. `output_shape` defaults to the output array's
    shape, else the input's.
    """
    matrix = np.ascontiguousarray(host_vector(matrix))
    shape = None if output_shape is None else [operator.index(s) for s in output_shape]
    return _interpolate("affine_transform", input, (matrix, _per_axis(offset), shape), output, order, mode, cval,
                        prefilter)


def shift(input, shift, output=None, order=3, mode="constant", cval=0.0, prefilter=True):
    """Shifts an array by spline interpolation (scipy.ndimage.shift): output point o takes the
    input's value at o - shift (one value, or one per axis)."""
    return _interpolate("shift", input, (_per_axis(shift),), output, order, mode, cval, prefilter)


def zoom(input, zoom, output=None, order=3, mode="constant", cval=0.0, prefilter=True, *, grid_mode=False):
    """Zooms an array by spline interpolation (scipy.ndimage.zoom) to shape
    round(input.shape * zoom). Without `grid_mode` the centres of the corner pixels stay aligned;
    with it, the outer edges of the image (then 'grid-constant' and 'grid-wrap' are the fitting modes).
    """
    zooms = _per_axis(zoom)
    if grid_mode and not (prefilter and all(z == 1 for z in zooms)):
        suggest = {"constant": "grid-constant", "wrap": "grid-wrap"}.get(mode)
        if suggest is not None:
            warnings.warn(f"It is recommended to use mode = {suggest} instead of {mode} when grid_mode is True.",
                          stacklevel=2)
    return _interpolate("zoom", input, (zooms, bool(grid_mode)), output, order, mode, cval, prefilter)


def rotate(input, angle, axes=(1, 0), reshape=True, output=None, order=3, mode="constant", cval=0.0, prefilter=True):
    """Rotates the plane of `axes` by `angle` degrees (scipy.ndimage.rotate); every such plane of
    an n-D array the same way. With `reshape` the output holds the whole rotated input."""
    axes = list(axes)
    if len(axes) != 2:
        raise ValueError("axes should contain exactly two values")
    if not all(float(ax).is_integer() for ax in axes):
        raise ValueError("axes should contain only integer values")
    return _interpolate("rotate", input, (float(angle), [int(ax) for ax in axes], bool(reshape)), output, order, mode,
                        cval, prefilter)
