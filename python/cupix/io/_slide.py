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

    def read_region(self, location, level, size, fill=255, device=None, decoder="auto"):
        """The region of `size` (w, h) at `level` whose top-left corner is `location` (x, y) in
        level-0 pixels, as an (h, w, 3) uint8 array: NumPy, or CuPy with ``device="cuda"``
        (`device` and `decoder` as in :meth:`read_regions`)."""
        x, y = _pair(location, "location")
        w, h = _pair(size, "size")
        level = _level(self, level)
        gpu, stream = _device(device)
        a = self._native().read_region(x, y, level, w, h, 3, fill, gpu, decoder, stream)
        return _result(a, gpu)

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
                     shuffle=False, seed=None, drop_last=False, fill=255, device=None, decoder="auto"):
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
        fill : int
            The value of pixels outside the slide.
        device : None, "cpu", "cuda", "cuda:N" or int
            Where batches are delivered: NumPy arrays on the CPU, or CuPy arrays on a GPU, ordered
            on CuPy's current stream of the moment this method is called.
        decoder : "auto", "cpu" or "nvjpeg"
            For GPU batches: "nvjpeg" decodes JPEG tiles on the GPU with nvJPEG's batched decoder
            (:func:`nvjpeg_available`), "cpu" with libjpeg-turbo on the CPU threads, the batch then
            copied over through pinned memory; "auto" takes nvJPEG where it applies: JPEG tiles
            of 8-bit YCbCr read at whole pixels of the level. nvJPEG's pixels differ from
            libjpeg-turbo's (and OpenSlide's) by a few units where their IDCT and chroma
            upsampling round differently.

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
        if decoder not in ("auto", "cpu", "nvjpeg"):
            raise ValueError(f"decoder must be 'auto', 'cpu' or 'nvjpeg', not {decoder!r}")
        gpu, stream = _device(device)
        if shuffle:
            locs = locs[np.random.default_rng(seed).permutation(len(locs))]
        starts = list(range(0, len(locs), batch_size))
        if drop_last and starts and len(locs) - starts[-1] < batch_size:
            starts.pop()
        workers = int(num_workers or 0)  # 0: one thread per core

        def read_batch(start):
            part = locs[start:start + batch_size]
            # One C++ call per batch: its threads decode the regions without the GIL, into memory
            # that earlier batches used once the caller has let them go (on the CPU), or onto the
            # GPU on the caller's stream.
            a = slide.read_regions(part.ravel().tolist(), level, w, h, 3, fill, workers, gpu, decoder, stream)
            return _result(a, gpu)

        # With nvJPEG two threads read batches: one reads its tiles from the file while the
        # other's decode runs on the GPU (the C++ reader has two decode states per GPU). CPU
        # decoding already keeps every core busy from one thread.
        pipelined = (gpu >= 0 and decoder != "cpu" and _core.nvjpeg_available()
                     and slide.nvjpeg_applies(locs.ravel().tolist(), level))

        def batches():
            with ThreadPoolExecutor(2 if pipelined else 1) as ahead:
                pending = [ahead.submit(read_batch, s) for s in starts[:prefetch + 1]]
                for k in range(len(starts)):
                    batch = pending.pop(0).result()
                    if k + prefetch + 1 < len(starts):
                        pending.append(ahead.submit(read_batch, starts[k + prefetch + 1]))
                    yield batch

        return batches()


def nvjpeg_available():
    """Whether ``decoder="nvjpeg"`` can run here: cupix was built where nvjpeg.h was found,
    libnvjpeg loads, and a GPU is present."""
    return _core.nvjpeg_available()


def read_file_to_device(path, offset=0, size=None, device="cuda"):
    """The bytes ``[offset, offset + size)`` of a file (to its end when `size` is None) as a 1-D
    uint8 CuPy array on `device`, ordered on CuPy's current stream.

    Reads through cuFile (GPUDirect Storage, or its compatibility mode) when libcufile is found,
    otherwise with O_DIRECT reads into two pinned buffers, each copied to the GPU while the other
    is read (:func:`file_to_device_method` says which)."""
    path = os.fspath(path)
    if not isinstance(offset, (int, np.integer)) or (size is not None and not isinstance(size, (int, np.integer))):
        raise TypeError("offset and size must be integers")
    if size is None:
        size = os.path.getsize(path) - int(offset)
    gpu, stream = _device(device)
    if gpu < 0:
        raise ValueError("read_file_to_device reads to a GPU: device must be 'cuda' or 'cuda:N'")
    return _result(_core.read_file_to_device(path, int(offset), int(size), gpu, stream), gpu)


def file_to_device_method():
    """How :func:`read_file_to_device` moves data here: "cufile" or "pinned"."""
    return _core.file_to_device_method()


def _device(device):
    """(GPU number or -1 for the CPU, the stream argument of _core calls)."""
    if device is None or device == "cpu":
        return -1, 0
    if isinstance(device, (int, np.integer)) and not isinstance(device, bool):
        gpu = int(device)
    elif isinstance(device, str) and (device == "cuda" or device.startswith("cuda:")):
        gpu = int(device[5:]) if device != "cuda" else None
    else:
        raise ValueError(f"device must be 'cpu', 'cuda', 'cuda:N' or a GPU number, not {device!r}")
    import cupy

    if gpu is None:
        gpu = cupy.cuda.Device().id
    if not 0 <= gpu < cupy.cuda.runtime.getDeviceCount():
        raise ValueError(f"there is no GPU {gpu}")
    with cupy.cuda.Device(gpu):
        s = cupy.cuda.get_current_stream()
    return gpu, (s.ptr, s if s.ptr not in (0, 1, 2) else None)


def _result(a, gpu):
    if gpu < 0:
        return np.from_dlpack(a)
    import cupy

    return cupy.from_dlpack(a)


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
