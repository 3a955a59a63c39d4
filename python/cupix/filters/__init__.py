"""cupix.filters: skimage.filters on the CPU and CUDA backends."""
from ._gaussian import gaussian

__all__ = ["gaussian"]
