"""Shared fixtures: every test that takes `backend` runs once on the CPU backend (NumPy arrays)
and once on the CUDA backend (CuPy arrays). CUDA cases skip, saying why, where there is no GPU."""
import numpy as np
import pytest

import cupix

_cuda_reason = None
try:
    import cupy  # noqa: F401
except ImportError:
    _cuda_reason = "CuPy is not installed"
else:
    if not cupix.built_with_cuda():
        _cuda_reason = "cupix was built without CUDA"
    elif not cupix.cuda_available():
        _cuda_reason = "no CUDA GPU on this machine"


@pytest.fixture(params=["cpu", "cuda"])
def backend(request):
    if request.param == "cuda" and _cuda_reason:
        pytest.skip(f"CUDA backend: {_cuda_reason}")
    return request.param


def to_backend(x, backend):
    if backend == "cuda":
        import cupy

        return cupy.asarray(x)
    return x


def to_numpy(x):
    if hasattr(x, "get"):
        return x.get()
    return np.asarray(x)


def random_image(rng, shape, dtype):
    """Random data spanning a realistic range of each dtype (never zeros or constants)."""
    dtype = np.dtype(dtype)
    if dtype == bool:
        return rng.random(shape) > 0.5
    if dtype.kind == "u":
        hi = min(np.iinfo(dtype).max, 60000)
        return rng.integers(0, hi, size=shape, endpoint=True).astype(dtype)
    if dtype.kind == "i":
        lim = min(np.iinfo(dtype).max, 30000)
        return rng.integers(-lim, lim, size=shape, endpoint=True).astype(dtype)
    return (rng.standard_normal(shape) * 10).astype(dtype)


def assert_matches(result, expected, rtol=None, int_tol=1):
    """Compare with the reference at a tolerance that fits the arithmetic: float32 sums are formed
    in float32 here (SciPy uses float64), integer outputs may differ by one where SciPy's float64
    sum lands within rounding of an integer (truncation), and that difference wraps like the dtype.
    Filters made of several passes store each pass in the output dtype, as SciPy does, so each
    pass may add one such step: pass int_tol = the number of passes there."""
    result = to_numpy(result)
    assert result.dtype == expected.dtype, (result.dtype, expected.dtype)
    assert result.shape == expected.shape, (result.shape, expected.shape)
    if expected.dtype.kind in "ui":
        bits = 8 * expected.dtype.itemsize
        diff = (result.astype(np.int64) - expected.astype(np.int64)) % (1 << bits) if bits < 64 else \
            (result - expected).astype(np.uint64)
        diff = np.minimum(diff, (1 << bits) - diff) if bits < 64 else np.minimum(diff, -diff)
        assert int(diff.max(initial=0)) <= int_tol, f"max integer difference {int(diff.max())}"
    elif expected.dtype == bool:
        np.testing.assert_array_equal(result, expected)
    else:
        if rtol is None:
            rtol = 2e-5 if expected.dtype in (np.float32, np.float16) else 1e-10
        finite = np.abs(expected[np.isfinite(expected)])
        scale = float(finite.max(initial=0.0)) or 1.0
        np.testing.assert_allclose(result, expected, rtol=rtol, atol=rtol * scale)
