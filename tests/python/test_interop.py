"""Arrays in and out: zero copies, frameworks, dtypes and devices."""
import numpy as np
import pytest
import scipy.ndimage as ndi
import skimage

import cupix
from conftest import assert_matches, to_backend, to_numpy


def test_numpy_in_numpy_out_shares_output_memory():
    x = np.random.default_rng().random((16, 16))
    out = np.zeros_like(x)
    r = cupix.ndimage.gaussian_filter(x, 1.0, output=out)
    assert r is out and np.any(out != 0)
    y = cupix.ndimage.gaussian_filter(x, 1.0)
    assert isinstance(y, np.ndarray) and y.flags.writeable and y.flags.c_contiguous


def test_readonly_output_is_refused():
    x = np.zeros((4, 4))
    out = np.zeros((4, 4))
    out.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        cupix.ndimage.gaussian_filter(x, 1.0, output=out)


@pytest.mark.parametrize("dtype", ["uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64",
                                   "float16", "float32", "float64", "bool"])
def test_img_as_float(backend, dtype):
    rng = np.random.default_rng()
    info = np.iinfo(dtype) if np.dtype(dtype).kind in "ui" else None
    x = (rng.integers(info.min, info.max, 50, endpoint=True, dtype=dtype) if info is not None
         else (rng.random(50) > 0.5) if dtype == "bool" else rng.random(50).astype(dtype))
    xb = to_backend(x, backend)
    for ours, ref in [(cupix.util.img_as_float32, skimage.util.img_as_float32),
                      (cupix.util.img_as_float64, skimage.util.img_as_float64),
                      (cupix.util.img_as_float, skimage.util.img_as_float)]:
        expected = ref(x)
        result = to_numpy(ours(xb))
        assert result.dtype == expected.dtype
        np.testing.assert_array_equal(result, expected)


def test_lists_are_accepted():
    r = cupix.ndimage.correlate1d([1.0, 2.0, 3.0], [1, 1, 1])
    assert isinstance(r, np.ndarray)
    assert_matches(r, np.array([4.0, 6.0, 8.0]))


def test_cupy_stream_and_type(backend):
    if backend != "cuda":
        pytest.skip("CUDA only")
    import cupy

    x = cupy.random.random((64, 64)).astype(cupy.float32)
    with cupy.cuda.Stream(non_blocking=True) as s:
        r = cupix.filters.gaussian(x, sigma=2.0)
        assert isinstance(r, cupy.ndarray)
        s.synchronize()
    assert_matches(r, skimage.filters.gaussian(x.get(), sigma=2.0))


def test_torch_tensors():
    torch = pytest.importorskip("torch")
    x = torch.rand(20, 30, 3)
    r = cupix.color.rgb2gray(x)
    assert isinstance(r, torch.Tensor)
    assert_matches(r.numpy(), skimage.color.rgb2gray(x.numpy()), rtol=1e-6)
    if cupix.cuda_available() and torch.cuda.is_available():
        rg = cupix.color.rgb2gray(x.cuda())
        assert rg.is_cuda
        assert_matches(rg.cpu().numpy(), skimage.color.rgb2gray(x.numpy()), rtol=1e-6)


def test_cuda_array_without_cuda_build_is_a_clear_error():
    if cupix.built_with_cuda():
        pytest.skip("this build has CUDA")
    cupy = pytest.importorskip("cupy")
    with pytest.raises(NotImplementedError, match="built without CUDA"):
        cupix.filters.gaussian(cupy.zeros((4, 4)))


def test_cuda_array_interface_objects(backend):
    """Objects that expose only __cuda_array_interface__ (Numba, older libraries) are read in place."""
    if backend != "cuda":
        pytest.skip("CUDA only")
    import cupy

    class Exposed:
        def __init__(self, a):
            self._a = a
            self.__cuda_array_interface__ = a.__cuda_array_interface__

    x = cupy.random.random((3, 17, 23)).astype(cupy.float32)[:, ::2, 1:]  # strided view
    r = cupix.ndimage.gaussian_filter(Exposed(x), 1.5)
    assert isinstance(r, cupy.ndarray)
    assert_matches(r, ndi.gaussian_filter(x.get(), 1.5))
