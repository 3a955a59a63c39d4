"""Fourier-domain filters of scipy.ndimage: the input is an FFT (numpy.fft.fftn, or rfft along
`axis` when n >= 0), multiplied element-wise by the filter's transform. Signatures, dtypes and
results follow SciPy; factors and products are computed in float64 (also for float32 and
complex64 data, as SciPy's) in one pass on the input's device."""
import operator

import numpy as np

from .. import _core
from .._interop import Call


def _per_axis(values, ndim):
    """SciPy's _normalize_sequence: a scalar for every axis, or exactly one value per axis."""
    if isinstance(values, str) or not np.iterable(values):
        return [float(values)] * ndim
    values = np.asarray(list(values), dtype=np.float64).ravel().tolist()
    if len(values) != ndim:
        raise RuntimeError("sequence argument must have length equal to input rank")
    return values


def _fourier(name, input, values, n, axis, output):
    call = Call(input)
    x = call.array(input, complex_ok=True)
    result = _core.fourier(name, x, _per_axis(values, len(x.shape)), operator.index(n), operator.index(axis),
                           call.output(output, complex_ok=True), call.stream)
    return call.result(result, output)


def fourier_gaussian(input, sigma, n=-1, axis=-1, output=None):
    """Multidimensional Gaussian filter in the Fourier domain (scipy.ndimage.fourier_gaussian).

    Multiplies by exp(-2 pi^2 sigma^2 k^2 / L^2) along each axis. `n` < 0: `input` is a complex
    FFT along every axis; n >= 0: it is a real FFT of n points along `axis`. The result is
    float32, complex64 or complex128 like the input, else float64; `output` may be an array or
    a dtype among those four.
    """
    return _fourier("gaussian", input, sigma, n, axis, output)


def fourier_uniform(input, size, n=-1, axis=-1, output=None):
    """Multidimensional uniform (box) filter in the Fourier domain (scipy.ndimage.fourier_uniform):
    multiplies by sin(pi size k / L) / (pi size k / L) along each axis. `n`, `axis` and `output`
    as in fourier_gaussian."""
    return _fourier("uniform", input, size, n, axis, output)


def fourier_ellipsoid(input, size, n=-1, axis=-1, output=None):
    """Ellipsoid filter in the Fourier domain (scipy.ndimage.fourier_ellipsoid), for 1-D to 3-D
    input (NotImplementedError beyond): the transform of a segment, disk or ball with axis lengths
    `size`. `n`, `axis` and `output` as in fourier_gaussian."""
    return _fourier("ellipsoid", input, size, n, axis, output)


def fourier_shift(input, shift, n=-1, axis=-1, output=None):
    """Shift in the Fourier domain (scipy.ndimage.fourier_shift): multiplies by
    exp(-2 pi i sum(shift * k / L)). The result is always complex: complex64 for complex64
    input, else complex128; `output` may be a complex array or dtype."""
    return _fourier("shift", input, shift, n, axis, output)
