"""The openslide-python face: cupix.io.OpenSlide returns what openslide.OpenSlide returns."""
import os
from collections.abc import Mapping

import numpy as np

from .. import _core
from ._levels import _Levels


class OpenSlideError(Exception):
    """A slide could not be read (as openslide.OpenSlideError)."""


class OpenSlideUnsupportedFormatError(OpenSlideError):
    """The file is missing or not a slide this reader understands."""


class _LazyMap(Mapping):
    def __init__(self, keys, get):
        self._keys, self._get = tuple(keys), get

    def __getitem__(self, key):
        if key not in self._keys:
            raise KeyError(key)
        return self._get(key)

    def __iter__(self):
        return iter(self._keys)

    def __len__(self):
        return len(self._keys)

    def __repr__(self):
        return f"<{type(self).__name__} {dict((k, self[k]) for k in self._keys)!r}>"


class OpenSlide(_Levels):
    """A drop-in for ``openslide.OpenSlide`` on TIFF-based slides (generic tiled TIFF, Aperio,
    Philips, and OME-TIFF).

    Methods, properties and results match openslide-python: ``read_region`` returns a PIL RGBA
    image, transparent outside the slide, with OpenSlide's coordinates (location in level-0
    pixels, size in level pixels); ``properties`` holds OpenSlide's keys; ``associated_images``
    decodes on access. Reads may run from several threads at once.

    Known differences: OME-TIFF pyramids, which OpenSlide reads as a one-level "generic-tiff",
    are read with every level (vendor "ome-tiff"); a region placed between pixels of a level (location not a multiple of
    the downsample) is blended bilinearly as OpenSlide does, but may differ from Cairo's
    rounding by a few units; there is no colour profile (``color_profile`` is None).
    """

    _closed_message = "Passing closed slide object"

    def __init__(self, filename):
        path = os.fspath(filename)
        try:
            native = _core.Slide.open(path)
        except NotImplementedError:
            raise OpenSlideUnsupportedFormatError("Unsupported or missing image file") from None
        except OSError as e:
            if not os.path.exists(path):
                raise OpenSlideUnsupportedFormatError("Unsupported or missing image file") from None
            raise OpenSlideError(str(e)) from None
        self._init_levels(path, native)

    @classmethod
    def detect_format(cls, filename):
        """The vendor OpenSlide would report for `filename`, or None."""
        try:
            return _core.Slide.detect_vendor(os.fspath(filename)) or None
        except (OSError, NotImplementedError):
            return None

    def close(self):
        self._native()  # closing twice is an error, as in openslide-python
        self._slide = None

    @property
    def properties(self):
        props = self._native().properties()
        return _LazyMap(sorted(props), props.__getitem__)

    @property
    def associated_images(self):
        slide = self._native()
        return _LazyMap(sorted(slide.associated_image_names()),
                        lambda name: _rgba(slide.read_associated_image(name, 4, 0)))

    @property
    def color_profile(self):
        return None

    def read_region(self, location, level, size):
        """The RGBA PIL image of `size` (w, h) at `level`, whose top-left corner is `location`
        (x, y) in level-0 pixels; transparent where it lies outside the slide."""
        from PIL import Image

        slide = self._native()
        x, y = (int(v) for v in location)
        w, h = (int(v) for v in size)
        if w < 0 or h < 0:
            raise OpenSlideError(f"negative width ({w}) or negative height ({h}) not allowed")
        if w == 0 or h == 0 or not 0 <= level < len(self._levels):
            return Image.new("RGBA", (w, h))  # OpenSlide paints nothing for a level it lacks
        try:
            return _rgba(slide.read_region(x, y, int(level), w, h, 4, 0))
        except OSError as e:
            raise OpenSlideError(str(e)) from None

    def get_thumbnail(self, size):
        """An RGB PIL thumbnail no larger than `size`, composited over the slide's background
        colour, as openslide-python makes it."""
        from PIL import Image

        downsample = max(dim / thumb for dim, thumb in zip(self.dimensions, size))
        level = self.get_best_level_for_downsample(downsample)
        tile = self.read_region((0, 0), level, self.level_dimensions[level])
        bg = "#" + self.properties.get("openslide.background-color", "ffffff")
        thumb = Image.new("RGB", tile.size, bg)
        thumb.paste(tile, None, tile)
        thumb.thumbnail(size, Image.Resampling.LANCZOS)
        return thumb

    def set_cache(self, cache):
        """Accepted for compatibility; cupix decodes without OpenSlide's tile cache."""


def _rgba(array):
    from PIL import Image

    a = np.from_dlpack(array)
    return Image.frombuffer("RGBA", (a.shape[1], a.shape[0]), np.ascontiguousarray(a), "raw", "RGBA", 0, 1)
