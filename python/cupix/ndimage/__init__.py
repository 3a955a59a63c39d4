"""cupix.ndimage: scipy.ndimage's functions on the CPU and CUDA backends."""
from ._filters import correlate1d, gaussian_filter, gaussian_filter1d

__all__ = ["correlate1d", "gaussian_filter", "gaussian_filter1d"]
