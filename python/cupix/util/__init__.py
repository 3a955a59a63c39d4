"""cupix.util: skimage.util dtype helpers."""
from ._dtype import img_as_float, img_as_float32, img_as_float64

__all__ = ["img_as_float", "img_as_float32", "img_as_float64"]
