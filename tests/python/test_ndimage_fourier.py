"""cupix.ndimage Fourier filters against scipy.ndimage on random spectra: complex FFTs and real
FFTs along either end axis, 1-D to 4-D, odd and even lengths, every input dtype SciPy takes,
scalar and per-axis parameters (zero and negative included), output dtypes and arrays (strided,
and the input itself), and SciPy's errors. cupix computes the factors in float64 in SciPy's
order of operations, so results agree to the last bit except the 2-D ellipsoid's Bessel J1
(Cephes in SciPy, the C library's or CUDA's here: a few ulps)."""
import numpy as np
import pytest
import scipy.ndimage as ndi

import cupix
from conftest import assert_matches, random_image, to_backend, to_numpy

FILTERS = ["fourier_gaussian", "fourier_uniform", "fourier_ellipsoid", "fourier_shift"]
SHAPES = [(13,), (8, 11), (6, 7, 5), (3, 4, 5, 4)]
ids = lambda s: "x".join(map(str, s))  # noqa: E731


def spectrum(rng, shape, dtype, n=-1, axis=-1):
    """A complex FFT of random data (or its real FFT along `axis` when n >= 0), cast to `dtype`;
    real dtypes get random real data, as SciPy allows."""
    dtype = np.dtype(dtype)
    if dtype.kind != "c":
        return random_image(rng, shape, dtype)
    if n < 0:
        x = np.fft.fftn(rng.standard_normal(shape))
    else:
        full = list(shape)
        full[axis] = n
        x = np.fft.rfft(rng.standard_normal(full), axis=axis)
        x = np.take(x, np.arange(shape[axis]) % x.shape[axis], axis=axis)
    return x.astype(dtype)


def tolerance(dtype, name=""):
    if name == "fourier_ellipsoid":
        # The 3-D ball's 3 (sin r - r cos r) / r^3 cancels for small r: a one-ulp difference between
        # two sines (CUDA's and the C library's) grows to ~1e-20 / r^3 relative.
        return 1e-6 if np.dtype(dtype) in (np.float32, np.complex64) else 1e-7
    return 1e-6 if np.dtype(dtype) in (np.float32, np.complex64) else 1e-12


def check(name, x, value, backend, **kwargs):
    expected = getattr(ndi, name)(x, value, **kwargs)
    result = getattr(cupix.ndimage, name)(to_backend(x, backend), value, **kwargs)
    assert_matches(result, expected, rtol=tolerance(expected.dtype, name))
    return result


def supported(name, shape):
    return name != "fourier_ellipsoid" or len(shape) <= 3


@pytest.mark.parametrize("shape", SHAPES, ids=ids)
@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("dtype", [np.complex128, np.complex64, np.float64, np.float32])
def test_complex_fft(backend, name, shape, dtype):
    if not supported(name, shape):
        pytest.skip("fourier_ellipsoid is 1-D to 3-D (tested in test_errors)")
    rng = np.random.default_rng()
    x = spectrum(rng, shape, dtype)
    check(name, x, 2.3, backend)
    check(name, x, list(rng.uniform(0.2, 4.0, len(shape))), backend)


@pytest.mark.parametrize("shape", SHAPES[:3], ids=ids)
@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("axis", [0, -1])
@pytest.mark.parametrize("even", [True, False])
def test_real_fft(backend, name, shape, axis, even):
    rng = np.random.default_rng()
    n = 2 * (shape[axis] - 1) + (0 if even else 1)  # the length whose rfft has shape[axis] values
    x = spectrum(rng, shape, np.complex128, n, axis)
    check(name, x, list(rng.uniform(0.5, 3.0, len(shape))), backend, n=n, axis=axis)
    # n need not match the array: SciPy takes it as the line's length
    check(name, x, 1.5, backend, n=n + 7, axis=axis)


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.int32, np.uint64, bool])
def test_integer_and_bool_input(backend, name, dtype):
    rng = np.random.default_rng()
    check(name, random_image(rng, (9, 12), dtype), [1.3, 2.2], backend)


@pytest.mark.parametrize("name", FILTERS)
def test_parameters_zero_negative_and_large(backend, name):
    rng = np.random.default_rng()
    x = spectrum(rng, (10, 9, 7), np.complex128)
    for value in ([0.0, 1.0, 2.0], [-1.5, 0.5, -3.0], 0.0, [40.0, 0.1, 7.5], [1e-3, 2.0, 100.0]):
        check(name, x, value, backend)


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("out_dtype", [np.complex64, np.complex128, np.float32, np.float64])
def test_output_dtypes(backend, name, out_dtype):
    rng = np.random.default_rng()
    x = random_image(rng, (7, 10), np.float64)
    if name == "fourier_shift" and np.dtype(out_dtype).kind != "c":
        for f in (cupix.ndimage, ndi):
            with pytest.raises(RuntimeError):
                getattr(f, name)(to_backend(x, backend) if f is cupix.ndimage else x, 1.0, output=out_dtype)
        return
    check(name, x, 1.7, backend, output=out_dtype)
    check(name, x.astype(np.float32), 1.7, backend, output=out_dtype)


@pytest.mark.parametrize("name", FILTERS)
def test_output_arrays(backend, name):
    rng = np.random.default_rng()
    x = spectrum(rng, (9, 8), np.complex128)
    expected = getattr(ndi, name)(x, [1.2, 2.5])
    # a strided view of a larger array
    big = to_backend(np.zeros((9, 16), np.complex128), backend)
    out = big[:, ::2]
    r = getattr(cupix.ndimage, name)(to_backend(x, backend), [1.2, 2.5], output=out)
    assert r is out
    assert_matches(out, expected, rtol=1e-12)
    assert not np.any(to_numpy(big)[:, 1::2])
    # in place, as SciPy allows
    y = to_backend(x.copy(), backend)
    assert getattr(cupix.ndimage, name)(y, [1.2, 2.5], output=y) is y
    assert_matches(y, expected, rtol=1e-12)
    # a complex64 array for float64 input
    if name != "fourier_shift":
        out32 = to_backend(np.empty((9, 8), np.complex64), backend)
        getattr(cupix.ndimage, name)(to_backend(x.real.copy(), backend), 2.0, output=out32)
        assert_matches(out32, getattr(ndi, name)(x.real.copy(), 2.0, output=np.complex64), rtol=1e-6)


@pytest.mark.parametrize("backend_input", ["strided", "transposed"])
def test_non_contiguous_input(backend, backend_input):
    rng = np.random.default_rng()
    x = spectrum(rng, (12, 10, 6), np.complex64)
    x = x[::2, :, 1:] if backend_input == "strided" else x.transpose(2, 0, 1)
    for name in FILTERS:
        check(name, x, [0.8, 1.9, 3.1], backend)


def test_zero_length_axes(backend):
    for shape in [(0,), (0, 10), (10, 0)]:
        for dtype in [np.float32, np.float64, np.complex64, np.complex128]:
            x = np.ones(shape, dtype)
            for name in FILTERS:
                check(name, x, 5.0, backend)


def test_shift_by_whole_samples_rolls(backend):
    # A shift by whole samples is a circular shift of the signal: a property, not just agreement.
    rng = np.random.default_rng()
    signal = rng.standard_normal((16, 12, 5))
    moved = cupix.ndimage.fourier_shift(to_backend(np.fft.fftn(signal), backend), [3, -2, 1])
    back = np.fft.ifftn(to_numpy(moved)).real
    np.testing.assert_allclose(back, np.roll(signal, (3, -2, 1), axis=(0, 1, 2)), atol=1e-12)


def test_gaussian_matches_its_definition(backend):
    # exp(-2 pi^2 sigma^2 f^2) with f the FFT frequency, written out with NumPy.
    rng = np.random.default_rng()
    x = spectrum(rng, (10, 7), np.complex128)
    f0, f1 = np.meshgrid(np.fft.fftfreq(10), np.fft.fftfreq(7), indexing="ij")
    want = x * np.exp(-2 * np.pi ** 2 * (1.5 ** 2 * f0 ** 2 + 0.7 ** 2 * f1 ** 2))
    got = to_numpy(cupix.ndimage.fourier_gaussian(to_backend(x, backend), [1.5, 0.7]))
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12 * np.abs(x).max())


def test_nan_and_inf_propagate(backend):
    x = spectrum(np.random.default_rng(), (6, 5), np.complex128)
    x[2, 3] = np.nan
    x[4, 1] = np.inf
    for name in FILTERS:
        expected = getattr(ndi, name)(x, 1.1)
        result = to_numpy(getattr(cupix.ndimage, name)(to_backend(x, backend), 1.1))
        np.testing.assert_array_equal(np.isnan(result), np.isnan(expected))
        finite = np.isfinite(expected)
        np.testing.assert_allclose(result[finite], expected[finite], rtol=1e-12)


def test_errors(backend):
    x = to_backend(np.ones((4, 5), np.complex128), backend)
    with pytest.raises(RuntimeError, match="sequence argument"):
        cupix.ndimage.fourier_gaussian(x, [1.0, 2.0, 3.0])
    with pytest.raises(RuntimeError):  # complex input, real output
        cupix.ndimage.fourier_gaussian(x, 1.0, output=np.float64)
    with pytest.raises(RuntimeError):
        cupix.ndimage.fourier_uniform(x, 1.0, output=np.int32)
    with pytest.raises(RuntimeError):
        cupix.ndimage.fourier_shift(x, 1.0, output=to_backend(np.empty((4, 5), np.float64), backend))
    with pytest.raises(RuntimeError, match="shape"):
        cupix.ndimage.fourier_uniform(x, 1.0, output=to_backend(np.empty((5, 4), np.complex128), backend))
    with pytest.raises(np.exceptions.AxisError):
        cupix.ndimage.fourier_gaussian(x, 1.0, axis=2)
    with pytest.raises(np.exceptions.AxisError):
        cupix.ndimage.fourier_shift(to_backend(np.array(1.0), backend), 1.0)
    with pytest.raises(TypeError):
        cupix.ndimage.fourier_gaussian(x, 1.0, n=2.5)
    with pytest.raises(NotImplementedError):
        cupix.ndimage.fourier_ellipsoid(to_backend(np.ones((2, 2, 2, 2)), backend), 1.0)
    with pytest.raises(ValueError, match="read-only"):
        ro = np.empty((4, 5), np.complex128)
        ro.flags.writeable = False
        cupix.ndimage.fourier_gaussian(np.ones((4, 5)), 1.0, output=ro)


def test_other_functions_still_refuse_complex(backend):
    x = to_backend(np.ones((5, 6), np.complex128), backend)
    with pytest.raises(TypeError):
        cupix.ndimage.gaussian_filter(x, 1.0)
    with pytest.raises((RuntimeError, TypeError)):
        cupix.ndimage.gaussian_filter(to_backend(np.ones((5, 6)), backend), 1.0, output=np.complex64)


def test_float16_input_read_as_float32(backend):
    # SciPy refuses float16 ("data type not supported"); cupix reads it as float32 does.
    x = random_image(np.random.default_rng(), (6, 9), np.float16)
    for name in FILTERS:
        expected = getattr(ndi, name)(x.astype(np.float32), 1.4, output=np.complex128 if name == "fourier_shift" else
                                      np.float64)
        assert_matches(getattr(cupix.ndimage, name)(to_backend(x, backend), 1.4), expected, rtol=1e-12)
