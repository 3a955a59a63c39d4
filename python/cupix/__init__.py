"""cupix: n-dimensional image processing on GPUs and CPUs with scikit-image's and SciPy's API.

Functions accept NumPy, CuPy and PyTorch arrays and return the same kind, without copies: NumPy
(and CPU tensors) run on the multithreaded CPU backend, CuPy/CUDA tensors on the GPU, on the
caller's current CUDA stream.
"""
from . import _core
from . import color, filters, ndimage, util

__version__ = "0.1.0"


def built_with_cuda():
    """True when this build of cupix has the CUDA backend."""
    return _core.built_with_cuda()


def cuda_available():
    """True when the CUDA backend is built and a GPU is usable."""
    return _core.cuda_available()


__all__ = ["color", "filters", "ndimage", "util", "built_with_cuda", "cuda_available", "__version__"]
