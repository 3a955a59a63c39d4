"""cupix.color: skimage.color on the CPU and CUDA backends."""
from ._colorconv import rgb2gray

__all__ = ["rgb2gray"]
