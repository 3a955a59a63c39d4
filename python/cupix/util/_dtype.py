from .. import _core
from .._interop import Call, dtype_of


def img_as_float32(image):
    """Convert an image to float32 (skimage.util.img_as_float32): unsigned integers scale to
    [0, 1], signed ones to [-1, 1], bool to {0, 1}; float32 input is returned as it is."""
    call = Call(image)
    if dtype_of(image).name == "float32":
        return image
    return call.result(_core.img_as_float32(call.array(image), call.stream))


def img_as_float64(image):
    """Convert an image to float64 (skimage.util.img_as_float64), scaling as img_as_float32."""
    call = Call(image)
    if dtype_of(image).name == "float64":
        return image
    return call.result(_core.img_as_float64(call.array(image), call.stream))


def img_as_float(image):
    """Convert an image to floating point (skimage.util.img_as_float): float arrays are returned as
    they are, other dtypes become float64."""
    return image if dtype_of(image).kind == "f" else img_as_float64(image)
