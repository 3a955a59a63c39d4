"""Filters of scipy.ndimage. Signatures, defaults and errors follow SciPy."""
import numbers
import operator
from collections.abc import Iterable

import numpy as np

from .. import _core
from .._interop import Call, host_vector


_SCALARS = (str, int, float, type(None))


def _normalize_sequence(value, rank):
    """SciPy's _normalize_sequence: one value per axis, or the same value for every axis."""
    if type(value) in _SCALARS:  # the common case, without np.iterable's cost
        return [value] * rank
    if not isinstance(value, str) and np.iterable(value):
        values = list(value)
        if len(values) != rank:
            raise RuntimeError("sequence argument must have length equal to input rank")
        return values
    return [value] * rank


def _check_axes(axes, ndim):
    if axes is None:
        return tuple(range(ndim))
    if np.isscalar(axes):
        axes = (operator.index(axes),)
    elif isinstance(axes, Iterable):
        axes = tuple(operator.index(ax) for ax in axes)
        for ax in axes:
            if ax < -ndim or ax > ndim - 1:
                raise ValueError(f"specified axis: {ax} is out of range")
        axes = tuple(ax % ndim for ax in axes)
    else:
        raise ValueError("axes must be an integer, iterable of integers, or None")
    if len(set(axes)) != len(axes):
        raise ValueError("axes must be unique")
    return axes


def _origins(origin):
    """`origin` as a list of ints: one value, or one per filtered axis."""
    return [operator.index(o) for o in origin] if np.iterable(origin) else [operator.index(origin)]


def _radius(sigma, truncate, radius):
    """gaussian_filter1d's radius: `radius`, or truncate standard deviations."""
    lw = int(truncate * float(sigma) + 0.5) if radius is None else radius
    if not (type(lw) is int or isinstance(lw, numbers.Integral)) or lw < 0:
        raise ValueError("Radius must be a nonnegative integer.")
    return int(lw)


def _line_filter(core_fn, input, weights, axis, output, mode, cval, origin):
    call = Call(input)
    weights = host_vector(weights)
    if weights.ndim != 1 or weights.shape[0] < 1:
        raise RuntimeError("no filter weights given")
    result = core_fn(call.array(input), weights.tolist(), operator.index(axis), call.output(output), mode,
                     float(cval), operator.index(origin), call.stream)
    return call.result(result, output)


def correlate1d(input, weights, axis=-1, output=None, mode="reflect", cval=0.0, origin=0):
    """Calculate a 1-D correlation along the given axis (scipy.ndimage.correlate1d).

    The lines of the array along `axis` are correlated with `weights`:
    ``out[i] = sum_j weights[j] * input[i + j - len(weights) // 2 - origin]``, the input being
    extended past its edges according to `mode` ('reflect', 'constant', 'nearest', 'mirror',
    'wrap', 'grid-constant', 'grid-mirror', 'grid-wrap'), with `cval` for the constant modes.
    `output` is a dtype or an array to fill (same shape); by default the input's dtype. Integer
    outputs truncate toward zero, as SciPy's. Sums are formed in float64, or in float32 when input
    and output are both float32 (SciPy always uses float64; results agree to float32 rounding).
    Complex inputs and weights are not supported yet (TypeError).
    """
    return _line_filter(_core.correlate1d, input, weights, axis, output, mode, cval, origin)


def _correlate_or_convolve(core_fn, input, weights, output, mode, cval, origin, axes):
    if not isinstance(mode, str) and isinstance(mode, Iterable):
        raise RuntimeError("A sequence of modes is not supported")
    call = Call(input)
    weights = np.asarray(host_vector(weights), order="C")
    result = core_fn(call.array(input), call.array(weights), call.output(output), mode, float(cval), _origins(origin),
                     _axes_list(axes), call.stream)
    return call.result(result, output)


def correlate(input, weights, output=None, mode="reflect", cval=0.0, origin=0, *, axes=None):
    """Multidimensional correlation (scipy.ndimage.correlate).

    ``out[i] = sum_k weights[k] * input[i + k - weights.shape // 2 - origin]`` over every axis
    (or over `axes`, with weights of ``len(axes)`` dimensions), the input extended by `mode`.
    `origin` takes one value or one per filtered axis. Weights whose magnitude is at most
    DBL_EPSILON are left out, as SciPy does. Sums are formed in float64, or in float32 when input
    and output are float32. Complex inputs and weights are not supported yet (TypeError).
    """
    return _correlate_or_convolve(_core.correlate, input, weights, output, mode, cval, origin, axes)


def convolve(input, weights, output=None, mode="reflect", cval=0.0, origin=0, *, axes=None):
    """Multidimensional convolution (scipy.ndimage.convolve): `correlate` with the weights
    reversed along every axis and each origin mirrored (shifted by one more where the weights'
    length is even)."""
    return _correlate_or_convolve(_core.convolve, input, weights, output, mode, cval, origin, axes)


def convolve1d(input, weights, axis=-1, output=None, mode="reflect", cval=0.0, origin=0):
    """Calculate a 1-D convolution along the given axis (scipy.ndimage.convolve1d).

    Same as `correlate1d` with the weights reversed and the origin mirrored (and shifted by one
    more when the number of weights is even), which is how SciPy defines it.
    """
    return _line_filter(_core.convolve1d, input, weights, axis, output, mode, cval, origin)


def uniform_filter1d(input, size, axis=-1, output=None, mode="reflect", cval=0.0, origin=0):
    """Calculate a 1-D uniform (mean) filter along the given axis (scipy.ndimage.uniform_filter1d).

    Each output is the mean of `size` neighbours along `axis` (placed by `origin`), the input
    being extended by `mode`. Other arguments as in `correlate1d`. The window is summed directly
    (SciPy keeps a running sum), so results agree to rounding.
    """
    return _window_filter1d(_core.uniform_filter1d, input, size, axis, output, mode, cval, origin)


def uniform_filter(input, size=3, output=None, mode="reflect", cval=0.0, origin=0, *, axes=None):
    """Multidimensional uniform (mean) filter (scipy.ndimage.uniform_filter).

    A sequence of `uniform_filter1d` passes over `axes` (default: all); `size`, `mode` and
    `origin` take one value or one per filtered axis, and axes of size 1 are skipped. As in SciPy,
    intermediate results are stored in the output dtype.
    """
    call = Call(input)
    a = call.array(input)
    axes = _check_axes(axes, len(a.shape))
    n = len(axes)
    sizes = [int(s) for s in _normalize_sequence(size, n)]
    origins = [operator.index(o) for o in _normalize_sequence(origin, n)]
    modes = _normalize_sequence(mode, n)
    result = _core.uniform_filter(a, sizes, call.output(output), modes, float(cval), origins, list(axes),
                                  call.stream)
    return call.result(result, output)


def _derivative(core_fn, input, axis, output, mode, cval):
    call = Call(input)
    a = call.array(input)
    modes = _normalize_sequence(mode, len(a.shape))
    result = core_fn(a, operator.index(axis), call.output(output), modes, float(cval), call.stream)
    return call.result(result, output)


def sobel(input, axis=-1, output=None, mode="reflect", cval=0.0):
    """Calculate a Sobel filter (scipy.ndimage.sobel).

    The derivative [-1, 0, 1] along `axis`, smoothed by [1, 2, 1] along every other axis. The
    result has the output dtype (the input's by default): unsigned inputs wrap where the
    derivative is negative, as in SciPy. `mode` takes one value or one per axis of the input.
    """
    return _derivative(_core.sobel, input, axis, output, mode, cval)


def prewitt(input, axis=-1, output=None, mode="reflect", cval=0.0):
    """Calculate a Prewitt filter (scipy.ndimage.prewitt): as `sobel`, smoothing with [1, 1, 1]."""
    return _derivative(_core.prewitt, input, axis, output, mode, cval)


def gaussian_filter1d(input, sigma, axis=-1, order=0, output=None, mode="reflect", cval=0.0, truncate=4.0, *,
                      radius=None):
    """1-D Gaussian filter (scipy.ndimage.gaussian_filter1d).

    `order` 0 smooths; order n > 0 convolves with the n-th derivative of the Gaussian. The kernel
    spans ``radius = int(truncate * sigma + 0.5)`` samples on each side unless `radius` is given.
    Other arguments as in `correlate1d`.
    """
    sigma = float(sigma)
    lw = _radius(sigma, truncate, radius)
    if sigma == 0.0:
        raise ZeroDivisionError("float division by zero")
    call = Call(input)
    result = _core.gaussian_filter1d(call.array(input), sigma, operator.index(axis), operator.index(order),
                                     call.output(output), mode, float(cval), float(truncate), lw, call.stream)
    return call.result(result, output)


def gaussian_filter(input, sigma, order=0, output=None, mode="reflect", cval=0.0, truncate=4.0, *, radius=None,
                    axes=None):
    """Multidimensional Gaussian filter (scipy.ndimage.gaussian_filter).

    A sequence of 1-D Gaussian filters, one per axis in `axes` (default: all). `sigma`, `order`,
    `mode` and `radius` take one value or one per filtered axis; axes whose sigma is below 1e-15
    are left alone. As in SciPy, intermediate results are stored in the output dtype, so integer
    outputs lose precision between passes. Other arguments as in `correlate1d`.
    """
    call = Call(input)
    a = call.array(input)
    axes = _check_axes(axes, len(a.shape))
    n = len(axes)
    sigmas = [float(s) for s in _normalize_sequence(host_vector(sigma).tolist() if hasattr(sigma, "__dlpack__")
                                                    else sigma, n)]
    orders = [operator.index(o) for o in _normalize_sequence(order, n)]
    modes = _normalize_sequence(mode, n)
    radii = _normalize_sequence(radius, n)
    # Radii only matter (and are only checked) on the axes that are filtered.
    radii = [_radius(s, truncate, r) if s > 1e-15 else 0 for s, r in zip(sigmas, radii)]
    result = _core.gaussian_filter(a, sigmas, orders, call.output(output), modes, float(cval), float(truncate),
                                   radii, list(axes), call.stream)
    return call.result(result, output)


def _axes_list(axes):
    if axes is None:
        return None
    return [operator.index(axes)] if np.isscalar(axes) else [operator.index(a) for a in axes]


def laplace(input, output=None, mode="reflect", cval=0.0, *, axes=None):
    """N-D Laplace filter based on approximate second derivatives (scipy.ndimage.laplace).

    The sum over `axes` (default: all) of ``correlate1d(input, [1, -2, 1], axis)``; `mode` takes
    one value or one per filtered axis. The sum is formed in the output dtype, as SciPy's
    ``output += tmp`` is (integers wrap).
    """
    call = Call(input)
    a = call.array(input)
    axes = _axes_list(axes)
    modes = _normalize_sequence(mode, len(axes) if axes is not None else len(a.shape))
    result = _core.laplace(a, call.output(output), modes, float(cval), axes, call.stream)
    return call.result(result, output)


def _gaussian_derivative(core_fn, input, sigma, output, mode, cval, axes, truncate, radius):
    call = Call(input)
    a = call.array(input)
    axes = _axes_list(axes)
    n = len(axes) if axes is not None else len(a.shape)
    modes = _normalize_sequence(mode, n)
    sigma = [float(s) for s in sigma] if np.iterable(sigma) else [float(sigma)]
    radius = [] if radius is None else ([operator.index(r) for r in radius] if np.iterable(radius)
                                        else [operator.index(radius)])
    result = core_fn(a, sigma, call.output(output), modes, float(cval), float(truncate), radius, axes,
                     call.stream)
    return call.result(result, output)


def gaussian_laplace(input, sigma, output=None, mode="reflect", cval=0.0, *, axes=None, truncate=4.0, radius=None):
    """Multidimensional Laplace filter using Gaussian second derivatives (scipy.ndimage.gaussian_laplace).

    For each axis in `axes` (default: all), `gaussian_filter` with order 2 along it, summed in
    the output dtype. `sigma` takes one value or one per axis in `axes`; `truncate` and `radius`
    are passed to `gaussian_filter`.
    """
    return _gaussian_derivative(_core.gaussian_laplace, input, sigma, output, mode, cval, axes, truncate, radius)


def gaussian_gradient_magnitude(input, sigma, output=None, mode="reflect", cval=0.0, *, axes=None, truncate=4.0,
                                radius=None):
    """Multidimensional gradient magnitude using Gaussian derivatives
    (scipy.ndimage.gaussian_gradient_magnitude).

    ``sqrt(sum over axes of gaussian_filter(order 1 along the axis) ** 2)``, squares and sums in
    the output dtype and the square root cast back to it, as SciPy does. As in SciPy, `sigma` (one
    value, or one per axis of the input) smooths every axis, including those outside `axes`.
    """
    return _gaussian_derivative(_core.gaussian_gradient_magnitude, input, sigma, output, mode, cval, axes, truncate,
                                radius)


def _xp(x):
    """The array module of `x`: CuPy for CuPy arrays, NumPy otherwise."""
    if type(x).__module__.partition(".")[0] == "cupy":
        import cupy

        return cupy
    return np


def _generic_arguments(input, output, mode, axes):
    """What generic_laplace and generic_gradient_magnitude start from: the array module, the
    input, the output array (a copy of the input already when no axis is filtered), the axes and
    one mode per axis."""
    xp = _xp(input)
    input = xp.asarray(input)
    if output is None or isinstance(output, (str, type, np.dtype)):
        output = xp.zeros(input.shape, dtype=input.dtype if output is None else output)
    elif output.shape != input.shape:
        raise RuntimeError("output shape not correct")
    axes = _check_axes(axes, input.ndim)
    if not axes:
        output[...] = input[...]
    return xp, input, output, axes, _normalize_sequence(mode, len(axes))


def generic_laplace(input, derivative2, output=None, mode="reflect", cval=0.0, extra_arguments=(),
                    extra_keywords=None, *, axes=None):
    """N-D Laplace filter using a provided second derivative function (scipy.ndimage.generic_laplace).

    ``derivative2(input, axis, output, mode, cval, *extra_arguments, **extra_keywords)`` is called
    for each axis; the first result goes into `output`, the others are added to it. Works on NumPy
    and CuPy arrays (the derivative function receives the caller's arrays).
    """
    xp, input, output, axes, modes = _generic_arguments(input, output, mode, axes)
    if not axes:
        return output
    extra_keywords = extra_keywords or {}
    derivative2(input, axes[0], output, modes[0], cval, *extra_arguments, **extra_keywords)
    for ii in range(1, len(axes)):
        output += derivative2(input, axes[ii], output.dtype, modes[ii], cval, *extra_arguments, **extra_keywords)
    return output


def generic_gradient_magnitude(input, derivative, output=None, mode="reflect", cval=0.0, extra_arguments=(),
                               extra_keywords=None, *, axes=None):
    """Gradient magnitude using a provided gradient function
    (scipy.ndimage.generic_gradient_magnitude): the square root of the sum of squared
    ``derivative(input, axis, output, mode, cval, *extra_arguments, **extra_keywords)`` over `axes`,
    computed in the output dtype. Works on NumPy and CuPy arrays.
    """
    xp, input, output, axes, modes = _generic_arguments(input, output, mode, axes)
    if not axes:
        return output
    extra_keywords = extra_keywords or {}
    derivative(input, axes[0], output, modes[0], cval, *extra_arguments, **extra_keywords)
    xp.multiply(output, output, output)
    for ii in range(1, len(axes)):
        tmp = derivative(input, axes[ii], output.dtype, modes[ii], cval, *extra_arguments, **extra_keywords)
        xp.multiply(tmp, tmp, tmp)
        output += tmp
    xp.sqrt(output, output, casting="unsafe")
    return output


def minimum_filter1d(input, size, axis=-1, output=None, mode="reflect", cval=0.0, origin=0):
    """Calculate a 1-D minimum filter along the given axis (scipy.ndimage.minimum_filter1d).

    The minimum over `size` neighbours along `axis` (placed by `origin`), the input extended by
    `mode`. Values are compared as float64, as SciPy's line buffers hold them. NaN inputs are
    skipped by the comparisons (SciPy's result with NaN depends on the NaN's place in the window).
    """
    return _window_filter1d(_core.minimum_filter1d, input, size, axis, output, mode, cval, origin)


def maximum_filter1d(input, size, axis=-1, output=None, mode="reflect", cval=0.0, origin=0):
    """Calculate a 1-D maximum filter along the given axis (scipy.ndimage.maximum_filter1d); see
    `minimum_filter1d`."""
    return _window_filter1d(_core.maximum_filter1d, input, size, axis, output, mode, cval, origin)


def _window_filter1d(core_fn, input, size, axis, output, mode, cval, origin):
    call = Call(input)
    result = core_fn(call.array(input), operator.index(size), operator.index(axis), call.output(output), mode,
                     float(cval), operator.index(origin), call.stream)
    return call.result(result, output)


def _footprint_arguments(call, a, size, footprint, origin, axes):
    """The arguments every footprint filter shares: the axes, one size per filtered axis (when
    there is no footprint), the footprint as a bool array and the origins."""
    if size is not None and footprint is not None:
        import warnings

        warnings.warn("ignoring size because footprint is set", UserWarning, stacklevel=4)
    axes = _axes_list(axes)
    n = len(axes) if axes is not None else len(a.shape)
    fp, sizes = None, []
    if footprint is not None:
        fp = call.array(np.asarray(host_vector(footprint, dtype=bool), order="C"))
    elif size is not None:
        sizes = [int(s) for s in _normalize_sequence(size, n)]
    return axes, n, sizes, fp, _origins(origin)


def _min_or_max_filter(core_fn, input, size, footprint, output, mode, cval, origin, axes):
    call = Call(input)  # complex inputs raise TypeError there, as in SciPy
    a = call.array(input)
    axes, n, sizes, fp, origins = _footprint_arguments(call, a, size, footprint, origin, axes)
    if fp is None and size is None:
        raise RuntimeError("no footprint provided")
    modes = _normalize_sequence(mode, n) if fp is None else ([mode] if isinstance(mode, str) else list(mode))
    result = core_fn(a, sizes, fp, call.output(output), modes, float(cval), origins, axes, call.stream)
    return call.result(result, output)


def minimum_filter(input, size=None, footprint=None, output=None, mode="reflect", cval=0.0, origin=0, *,
                   axes=None):
    """Calculate a multidimensional minimum filter (scipy.ndimage.minimum_filter).

    With `size` (one value or one per filtered axis) or a footprint that is all true, separable
    1-D passes; with another footprint, the minimum over its true elements. `mode` and `origin`
    take one value or one per filtered axis (one mode only for a non-box footprint).
    """
    return _min_or_max_filter(_core.minimum_filter, input, size, footprint, output, mode, cval, origin, axes)


def maximum_filter(input, size=None, footprint=None, output=None, mode="reflect", cval=0.0, origin=0, *,
                   axes=None):
    """Calculate a multidimensional maximum filter (scipy.ndimage.maximum_filter); see
    `minimum_filter`."""
    return _min_or_max_filter(_core.maximum_filter, input, size, footprint, output, mode, cval, origin, axes)


def _rank_filter(operation, input, value, size, footprint, output, mode, cval, origin, axes):
    if size is None and footprint is None:
        raise RuntimeError("no footprint or filter size provided")
    call = Call(input)  # complex inputs raise TypeError there, as in SciPy
    a = call.array(input)
    axes, n, sizes, fp, origins = _footprint_arguments(call, a, size, footprint, origin, axes)
    modes = [mode] if isinstance(mode, str) else list(mode)
    result = _core.rank_filter(a, operation, value, sizes, fp, call.output(output), modes, float(cval), origins,
                               axes, call.stream)
    return call.result(result, output)


def rank_filter(input, rank, size=None, footprint=None, output=None, mode="reflect", cval=0.0, origin=0, *,
                axes=None):
    """Calculate a multidimensional rank filter (scipy.ndimage.rank_filter).

    Each output is the `rank`-th smallest value over the footprint (`size`: a box of one size or
    one per filtered axis; `footprint`: the true elements of a bool array) placed by `origin`,
    the input extended by `mode`. A negative rank counts from the largest (-1: the maximum).
    Values compare in the input's type, the constant of mode 'constant' first cast to it, as in
    SciPy. NaN sorts above every number (SciPy's result with NaN depends on the order it visits
    the window in). float16 is accepted for 1-D inputs only, as in SciPy.

    8-bit inputs use a sliding histogram (on the GPU for windows of more than 16 values); other
    windows of up to 32 values are sorted in registers, larger ones selected with nth_element on
    the CPU and bit by bit (no per-pixel buffer) on the GPU.
    """
    rank = operator.index(rank)
    if not -(2**31) <= rank < 2**31:
        raise RuntimeError("rank not within filter footprint size")
    return _rank_filter("rank", input, float(rank), size, footprint, output, mode, cval, origin, axes)


def median_filter(input, size=None, footprint=None, output=None, mode="reflect", cval=0.0, origin=0, *, axes=None):
    """Calculate a multidimensional median filter (scipy.ndimage.median_filter): `rank_filter`
    with rank = (number of footprint elements) // 2."""
    return _rank_filter("median", input, 0.0, size, footprint, output, mode, cval, origin, axes)


def percentile_filter(input, percentile, size=None, footprint=None, output=None, mode="reflect", cval=0.0, origin=0,
                      *, axes=None):
    """Calculate a multidimensional percentile filter (scipy.ndimage.percentile_filter):
    `rank_filter` with rank = int(size * percentile / 100) (size - 1 at 100); a negative
    percentile counts from 100."""
    return _rank_filter("percentile", input, float(percentile), size, footprint, output, mode, cval, origin, axes)
