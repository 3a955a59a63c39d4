"""Whole-slide and TIFF reading.

Two faces over one C++ reader (``cupix::io``):

- :class:`OpenSlide`, a drop-in for ``openslide.OpenSlide``: the same methods, properties and
  PIL RGBA results, so openslide-python code switches by changing its import (and
  :class:`DeepZoomGenerator` for ``openslide.deepzoom.DeepZoomGenerator``);
- :class:`Slide`, the native face: NumPy (or, with ``device="cuda"``, CuPy) RGB arrays without
  the RGBA/PIL detour, and :meth:`Slide.read_regions`, which decodes many regions in parallel
  into batches, on the GPU with nvJPEG where it can;
- :func:`read_file_to_device`: file bytes straight into GPU memory (cuFile, or pinned reads).

Tiles are read with positional reads and decoded without shared state, so threads may share one
slide.
"""
from .. import _core

if not _core.built_with_io():  # pragma: no cover - builds without the codec libraries
    raise ImportError("cupix was built without cupix.io (libtiff, libjpeg, libdeflate, libzstd, libwebp, OpenJPEG "
                      "or OpenSSL was missing at build time)")

from ._deepzoom import DeepZoomGenerator  # noqa: E402
from ._openslide import (  # noqa: E402
    OpenSlide,
    OpenSlideError,
    OpenSlideUnsupportedFormatError,
)
from ._slide import Slide, file_to_device_method, nvjpeg_available, read_file_to_device  # noqa: E402

__all__ = ["DeepZoomGenerator", "OpenSlide", "OpenSlideError", "OpenSlideUnsupportedFormatError", "Slide",
           "file_to_device_method", "nvjpeg_available", "read_file_to_device"]
