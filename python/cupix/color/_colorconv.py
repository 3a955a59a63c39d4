import numpy as np

from .. import _core
from .._interop import Call, dtype_of


def rgb2gray(rgb, *, channel_axis=-1):
    """Compute luminance of an RGB image (skimage.color.rgb2gray).

    ``Y = 0.2125 R + 0.7154 G + 0.0721 B`` (the ITU-R BT.709 weights scikit-image uses) over the
    axis `channel_axis`, which must have size 3 (RGBA raises ValueError, as in scikit-image).
    The image is converted as img_as_float does first, in the same single pass: float16 and
    float32 give float32, every other dtype float64. Returns the image without its channel axis.
    """
    if not np.isscalar(channel_axis):
        if len(channel_axis) > 1:
            raise ValueError("only a single channel axis is currently supported")
        (channel_axis,) = channel_axis
    if dtype_of(rgb).kind == "c":
        raise ValueError("complex valued input is not supported")
    call = Call(rgb)
    a = call.array(rgb)
    if len(a.shape) == 0:
        raise IndexError("tuple index out of range")
    return call.result(_core.rgb2gray(a, int(channel_axis), call.stream))
