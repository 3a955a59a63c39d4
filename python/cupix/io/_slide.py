"""The native face: cupix.io.Slide."""
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .. import _core
from ._levels import _Levels


class Slide(_Levels):
    """A whole-slide image (generic tiled TIFF or Aperio SVS) read as NumPy RGB arrays.

    Levels, downsamples, properties and coordinates are OpenSlide's: a region's location is in
    level-0 pixels and its size in the chosen level's pixels. Unlike OpenSlide, results are
    ``(height, width, 3)`` uint8 arrays, and pixels outside the slide take the value ``fill``
    (default 255, white, the colour ``OpenSlide.get_thumbnail`` composites onto).

    Parameters
    ----------
    path : str or os.PathLike
        The slide file.
    """

    def __init__(self, path):
        path = os.fspath(path)
        self._init_levels(path, _core.Slide.open(path))

    def close(self):
        """Releases the file (reads afterwards raise ValueError)."""
        self._slide = None

    @property
    def level_tile_sizes(self):
        """Each level's (tile width, tile height)."""
        return tuple((tw, th) for *_, tw, th in self._levels)

    @property
    def properties(self):
        """OpenSlide's properties (``openslide.*``, ``tiff.*``, vendor keys) as a dict."""
        return dict(self._native().properties())

    @property
    def associated_image_names(self):
        return tuple(self._native().associated_image_names())

    def read_associated_image(self, name, fill=255):
        """The associated image `name` ("thumbnail", "label", "macro") as an RGB array."""
        return np.from_dlpack(self._native().read_associated_image(name, 3, fill))

    def read_region(self, location, level, size, fill=255):
        """The region of `size` (w, h) at `level` whose top-left corner is `location` (x, y) in
        level-0 pixels, as an (h, w, 3) uint8 array."""
        x, y = _pair(location, "location")
        w, h = _pair(size, "size")
        return np.from_dlpack(self._native().read_region(x, y, _level(self, level), w, h, 3, fill))

    def read_region_raw(self, location, level, size):
        """The region of `size` (w, h) at `level` whose top-left corner is `location` (x, y) in
        level-0 pixels (rounded down to the level's pixel), every channel as stored: an
        (h, w, channels) array of the image's sample type (uint8, uint16, float32, ...), zero
        outside the image. For microscopy images such as multichannel 16-bit OME-TIFF, whose
        channel names are in ``properties`` (``ome.Channel[i].Name``)."""
        x, y = _pair(location, "location")
        w, h = _pair(size, "size")
        return np.from_dlpack(self._native().read_region_raw(x, y, _level(self, level), w, h))

    def read_regions(self, locations, size, level=0, num_workers=None, batch_size=64, prefetch=2,
                     shuffle=False, seed=None, drop_last=False, fill=255):
        """Reads many regions of one size and level, decoded in parallel straight into batches.

        Parameters
        ----------
        locations : sequence of (x, y)
            Top-left corners in level-0 pixels.
        size : (w, h)
            Region size in the level's pixels.
        level : int
        num_workers : int, optional
            Decoding threads (default: the CPU count).
        batch_size : int
            Regions per batch; the last batch is smaller unless `drop_last`.
        prefetch : int
            Batches decoded ahead of the one being consumed.
        shuffle, seed
            Visit the locations in a random order (NumPy's default_rng(seed)).
        drop_last : bool
            Skip a last batch smaller than `batch_size`.

        Yields
        ------
        ndarray of shape (n, h, w, 3), uint8
        """
        slide = self._native()
        w, h = _pair(size, "size")
        level = _level(self, level)
        locs = np.asarray(locations, dtype=np.int64).reshape(-1, 2)
        if batch_size < 1 or prefetch < 0:
            raise ValueError("batch_size must be >= 1 and prefetch >= 0")
        if shuffle:
            locs = locs[np.random.default_rng(seed).permutation(len(locs))]
        starts = list(range(0, len(locs), batch_size))
        if drop_last and starts and len(locs) - starts[-1] < batch_size:
            starts.pop()
        workers = int(num_workers or 0)  # 0: one thread per core

        def read_batch(start):
            part = locs[start:start + batch_size]
            # One C++ call per batch: its threads decode the regions without the GIL, into memory
            # that earlier batches used once the caller has let them go.
            return np.from_dlpack(slide.read_regions(part.ravel().tolist(), level, w, h, 3, fill, workers))

        with ThreadPoolExecutor(1) as ahead:
            pending = [ahead.submit(read_batch, s) for s in starts[:prefetch + 1]]
            for k in range(len(starts)):
                batch = pending.pop(0).result()
                if k + prefetch + 1 < len(starts):
                    pending.append(ahead.submit(read_batch, starts[k + prefetch + 1]))
                yield batch


def _pair(v, what):
    try:
        a, b = v
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be a pair of integers") from None
    if not all(isinstance(t, (int, np.integer)) for t in (a, b)):
        raise TypeError(f"{what} must be a pair of integers, not {v!r}")
    return int(a), int(b)


def _level(slide, level):
    if not isinstance(level, (int, np.integer)):
        raise TypeError(f"level must be an integer, not {level!r}")
    if not 0 <= level < slide.level_count:
        raise ValueError(f"level {level} is out of range (the slide has {slide.level_count} levels)")
    return int(level)
