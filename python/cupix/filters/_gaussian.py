from collections.abc import Iterable

import numpy as np

from .. import _core
from .._interop import Call, dtype_of


def gaussian(image, sigma=1.0, *, mode="nearest", cval=0, preserve_range=False, truncate=4.0, channel_axis=None,
             out=None):
    """Multi-dimensional Gaussian filter (skimage.filters.gaussian).

    Parameters follow scikit-image: `sigma` is one standard deviation or one per axis (per
    non-channel axis when `channel_axis` is given: channels are never mixed); `mode` is a
    scipy.ndimage boundary mode ('nearest' by default) with `cval` for 'constant'. Integer images
    are rescaled by img_as_float unless `preserve_range`; float16 is filtered as float32, float32
    stays float32 and other dtypes give float64. `out`, if given, must be a float array of the
    image's shape and is returned.
    """
    negative = sigma < 0.0 if isinstance(sigma, (int, float)) else np.any(np.asarray(sigma) < 0.0)
    if negative:
        raise ValueError("Sigma values less than zero are not valid")
    if dtype_of(image).kind == "c":
        raise ValueError("complex valued input is not supported")
    if out is not None and dtype_of(out).kind != "f":
        raise ValueError(f"dtype of `out` must be float; got {dtype_of(out)!r}.")
    sigma = [float(s) for s in sigma] if isinstance(sigma, Iterable) else [float(sigma)]
    call = Call(image)
    result = _core.gaussian(call.array(image), sigma, mode, float(cval), bool(preserve_range), float(truncate),
                            None if channel_axis is None else int(channel_axis),
                            None if out is None else call.array(out, writable=True), call.stream)
    return out if out is not None else call.result(result)
