"""Benchmark cases: each runs the same operation through cupix and through the reference systems
(scikit-image/SciPy on the CPU; CuPy/cuCIM on the GPU where importable), on the same input."""
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np

import cupix

FOUR_K = (2160, 3840)


@dataclass
class Case:
    name: str
    make: Callable[[np.random.Generator], np.ndarray]  # the input, on the host
    cupix: Callable  # runs on NumPy (CPU backend) and CuPy (CUDA backend) arrays
    cpu_ref: Callable  # scikit-image / SciPy
    cpu_ref_name: str
    out_dtype: str  # dtype of the result, for the bytes that must be written
    out_shape: Optional[Callable[[tuple], tuple]] = None
    gpu_refs: dict = field(default_factory=dict)  # name -> callable on CuPy arrays (filled lazily)

    def bytes_moved(self, x):
        arrays = x if isinstance(x, tuple) else (x,)
        shape = self.out_shape(arrays[0].shape) if self.out_shape else arrays[0].shape
        return sum(a.nbytes for a in arrays) + int(np.prod(shape)) * np.dtype(self.out_dtype).itemsize


_W5 = np.random.default_rng(5).standard_normal((5, 5))
_DISK5 = np.hypot(*np.mgrid[-5:6, -5:6]) <= 5  # skimage.morphology.disk(5)
_BOX5 = np.ones((5, 5), bool)
_CUBE3 = np.ones((3, 3, 3), bool)


def _f32(shape):
    return lambda rng: rng.random(shape, dtype=np.float32)


def _u8(shape):
    return lambda rng: rng.integers(0, 256, shape, dtype=np.uint8)


def _c64(shape):
    return lambda rng: (rng.random(shape, dtype=np.float32) + 1j * rng.random(shape, dtype=np.float32)).astype(
        np.complex64)


def _bool(shape):
    return lambda rng: rng.random(shape, dtype=np.float32) > 0.3


def _blobs(shape, size):
    """A segmentation-like mask: smoothed noise, thresholded (clusters of many sizes)."""
    import scipy.ndimage as ndi

    return lambda rng: ndi.uniform_filter(rng.random(shape, dtype=np.float32), size) > 0.5


def _labels(shape, size):
    """The labels of a _blobs mask (int32)."""
    import scipy.ndimage as ndi

    return lambda rng: ndi.label(_blobs(shape, size)(rng))[0]


def _regions(shape, size, count=None):
    """Values (float32), the labels of a _blobs mask (int32), and labels 1..count (default: all)
    as the index."""
    def make(rng):
        labels = _labels(shape, size)(rng)
        return rng.random(shape, dtype=np.float32), labels, np.arange(1, (count or labels.max()) + 1)

    return make


# The region statistics benchmarked: name -> arguments between the values and the labels.
_STATISTICS = {"sum_labels": (), "mean": (), "variance": (), "median": (), "maximum": (), "extrema": (), "center_of_mass": (),
               "histogram": (0.0, 1.0, 16)}


def _statistic_cases():
    import scipy.ndimage as ndi

    def case(name, shape, size, what, count=None):
        extra = _STATISTICS[name]
        ours, ref = getattr(cupix.ndimage, name), getattr(ndi, name)
        return Case(f"ndimage.{name} {what}", _regions(shape, size, count),
                    lambda v, l, i: ours(v, *extra, l, i), lambda v, l, i: ref(v, *extra, l, i), "scipy", "float64",
                    lambda s: (1,))

    # SciPy and CuPy histogram through labeled_comprehension, a Python loop over the labels: 64.
    return [case(name, FOUR_K, 9, "per label f32 4K") for name in _STATISTICS if name != "histogram"] + [
        case("histogram", FOUR_K, 9, "64 labels f32 4K", 64),
        case("mean", (256, 256, 256), 5, "per label f32 256^3"),
        case("variance", (256, 256, 256), 5, "per label f32 256^3")]


def _rotation(angle, shape):
    """The matrix and offset of a rotation by `angle` degrees about the centre of the last two
    axes (identity on the others)."""
    nd = len(shape)
    c, s = np.cos(np.radians(angle)), np.sin(np.radians(angle))
    m = np.eye(nd)
    m[-2:, -2:] = [[c, s], [-s, c]]
    centre = (np.array(shape) - 1) / 2
    return m, centre - m @ centre


def _warp(shape):
    """An input and a smooth warp field (float32 coordinates, a rotation plus ripples) to sample it at."""
    def make(rng):
        grid = np.indices(shape, dtype=np.float32)
        m, offset = _rotation(10, shape)
        coords = np.tensordot(m, grid, 1) + offset.reshape((-1,) + (1,) * len(shape))
        coords += 3 * np.sin(grid[::-1] / 40)
        return rng.random(shape, dtype=np.float32), coords.astype(np.float32)

    return make


_ROT2, _OFF2 = _rotation(10, FOUR_K)
_ROT3, _OFF3 = _rotation(10, (256, 256, 256))


def _u16(shape):
    return lambda rng: rng.integers(0, 65536, shape, dtype=np.uint16)


def cases():
    import scipy.ndimage as ndi
    import skimage

    return [
        Case("filters.gaussian sigma=4 f32 4K", _f32(FOUR_K),
             lambda x: cupix.filters.gaussian(x, sigma=4), lambda x: skimage.filters.gaussian(x, sigma=4),
             "skimage", "float32"),
        Case("ndimage.gaussian_filter sigma=4 f32 4K", _f32(FOUR_K),
             lambda x: cupix.ndimage.gaussian_filter(x, 4), lambda x: ndi.gaussian_filter(x, 4), "scipy", "float32"),
        Case("ndimage.gaussian_filter sigma=2 f32 256^3", _f32((256, 256, 256)),
             lambda x: cupix.ndimage.gaussian_filter(x, 2), lambda x: ndi.gaussian_filter(x, 2), "scipy", "float32"),
        Case("ndimage.gaussian_filter1d sigma=4 axis=0 f32 4K", _f32(FOUR_K),
             lambda x: cupix.ndimage.gaussian_filter1d(x, 4, axis=0),
             lambda x: ndi.gaussian_filter1d(x, 4, axis=0), "scipy", "float32"),
        Case("ndimage.correlate1d 9 taps axis=-1 f32 4K", _f32(FOUR_K),
             lambda x: cupix.ndimage.correlate1d(x, np.arange(1.0, 10.0), axis=-1),
             lambda x: ndi.correlate1d(x, np.arange(1.0, 10.0), axis=-1), "scipy", "float32"),
        Case("ndimage.uniform_filter size=9 f32 4K", _f32(FOUR_K),
             lambda x: cupix.ndimage.uniform_filter(x, 9), lambda x: ndi.uniform_filter(x, 9), "scipy", "float32"),
        Case("ndimage.sobel axis=0 f32 4K", _f32(FOUR_K),
             lambda x: cupix.ndimage.sobel(x, axis=0), lambda x: ndi.sobel(x, axis=0), "scipy", "float32"),
        Case("ndimage.maximum_filter size=5 f32 4K", _f32(FOUR_K),
             lambda x: cupix.ndimage.maximum_filter(x, 5), lambda x: ndi.maximum_filter(x, 5), "scipy", "float32"),
        Case("ndimage.correlate 5x5 f32 4K", _f32(FOUR_K),
             lambda x: cupix.ndimage.correlate(x, _W5), lambda x: ndi.correlate(x, _W5), "scipy", "float32"),
        Case("ndimage.median_filter size=3 u8 4K", _u8(FOUR_K),
             lambda x: cupix.ndimage.median_filter(x, 3), lambda x: ndi.median_filter(x, 3), "scipy", "uint8"),
        Case("ndimage.median_filter size=9 u8 4K", _u8(FOUR_K),
             lambda x: cupix.ndimage.median_filter(x, 9), lambda x: ndi.median_filter(x, 9), "scipy", "uint8"),
        Case("ndimage.median_filter size=3 f32 4K", _f32(FOUR_K),
             lambda x: cupix.ndimage.median_filter(x, 3), lambda x: ndi.median_filter(x, 3), "scipy", "float32"),
        Case("ndimage.median_filter size=3 f32 256^3", _f32((256, 256, 256)),
             lambda x: cupix.ndimage.median_filter(x, 3), lambda x: ndi.median_filter(x, 3), "scipy", "float32"),
        Case("ndimage.rank_filter size=7 rank=10 u16 4K", _u16(FOUR_K),
             lambda x: cupix.ndimage.rank_filter(x, 10, 7), lambda x: ndi.rank_filter(x, 10, 7), "scipy", "uint16"),
        Case("ndimage.grey_erosion disk(5) u8 4K", _u8(FOUR_K),
             lambda x: cupix.ndimage.grey_erosion(x, footprint=_DISK5),
             lambda x: ndi.grey_erosion(x, footprint=_DISK5), "scipy", "uint8"),
        Case("ndimage.grey_opening size=5 f32 4K", _f32(FOUR_K),
             lambda x: cupix.ndimage.grey_opening(x, 5), lambda x: ndi.grey_opening(x, 5), "scipy", "float32"),
        Case("ndimage.binary_erosion 5x5 bool 4K", _bool(FOUR_K),
             lambda x: cupix.ndimage.binary_erosion(x, _BOX5), lambda x: ndi.binary_erosion(x, _BOX5), "scipy", "bool"),
        Case("ndimage.binary_dilation cross bool 256^3", _bool((256, 256, 256)),
             cupix.ndimage.binary_dilation, ndi.binary_dilation, "scipy", "bool"),
        Case("ndimage.label blobs bool 4K", _blobs(FOUR_K, 9),
             lambda x: cupix.ndimage.label(x)[0], lambda x: ndi.label(x)[0], "scipy", "int32"),
        Case("ndimage.label blobs 26-connected bool 256^3", _blobs((256, 256, 256), 5),
             lambda x: cupix.ndimage.label(x, _CUBE3)[0], lambda x: ndi.label(x, _CUBE3)[0], "scipy", "int32"),
        Case("ndimage.find_objects labels int32 4K", _labels(FOUR_K, 9),
             cupix.ndimage.find_objects, ndi.find_objects, "scipy", "int64", lambda s: (1,)),
        Case("ndimage.distance_transform_edt blobs bool 4K", _blobs(FOUR_K, 9),
             cupix.ndimage.distance_transform_edt, ndi.distance_transform_edt, "scipy", "float64"),
        Case("ndimage.distance_transform_edt blobs bool 256^3", _blobs((256, 256, 256), 5),
             cupix.ndimage.distance_transform_edt, ndi.distance_transform_edt, "scipy", "float64"),
        Case("ndimage.distance_transform_cdt chessboard blobs bool 4K", _blobs(FOUR_K, 9),
             cupix.ndimage.distance_transform_cdt, ndi.distance_transform_cdt, "scipy", "int32"),
        Case("ndimage.distance_transform_cdt taxicab blobs bool 256^3", _blobs((256, 256, 256), 5),
             lambda x: cupix.ndimage.distance_transform_cdt(x, "taxicab"),
             lambda x: ndi.distance_transform_cdt(x, "taxicab"), "scipy", "int32"),
        *_statistic_cases(),
        Case("ndimage.value_indices labels int32 4K", _labels(FOUR_K, 9),
             cupix.ndimage.value_indices, ndi.value_indices, "scipy", "int64", lambda s: (2,) + s),
        Case("ndimage.affine_transform rotation order=3 f32 4K", _f32(FOUR_K),
             lambda x: cupix.ndimage.affine_transform(x, _ROT2, _OFF2),
             lambda x: ndi.affine_transform(x, _ROT2, _OFF2), "scipy", "float32"),
        Case("ndimage.affine_transform rotation order=1 f32 256^3", _f32((256, 256, 256)),
             lambda x: cupix.ndimage.affine_transform(x, _ROT3, _OFF3, order=1),
             lambda x: ndi.affine_transform(x, _ROT3, _OFF3, order=1), "scipy", "float32"),
        Case("ndimage.map_coordinates warp order=3 f32 4K", _warp(FOUR_K),
             lambda x, c: cupix.ndimage.map_coordinates(x, c), lambda x, c: ndi.map_coordinates(x, c), "scipy",
             "float32"),
        Case("ndimage.zoom 0.5 order=3 f32 4K", _f32(FOUR_K),
             lambda x: cupix.ndimage.zoom(x, 0.5), lambda x: ndi.zoom(x, 0.5), "scipy", "float32",
             lambda s: (s[0] // 2, s[1] // 2)),
        Case("ndimage.shift 0.5 order=1 u8 4K", _u8(FOUR_K),
             lambda x: cupix.ndimage.shift(x, 0.5, order=1), lambda x: ndi.shift(x, 0.5, order=1), "scipy", "uint8"),
        Case("ndimage.spline_filter order=3 f32 4K", _f32(FOUR_K),
             cupix.ndimage.spline_filter, ndi.spline_filter, "scipy", "float64"),
        Case("ndimage.fourier_gaussian sigma=4 c64 4K", _c64(FOUR_K),
             lambda x: cupix.ndimage.fourier_gaussian(x, 4), lambda x: ndi.fourier_gaussian(x, 4), "scipy",
             "complex64"),
        Case("ndimage.fourier_shift c64 4K", _c64(FOUR_K),
             lambda x: cupix.ndimage.fourier_shift(x, (2.5, -1.5)), lambda x: ndi.fourier_shift(x, (2.5, -1.5)),
             "scipy", "complex64"),
        Case("ndimage.fourier_ellipsoid c64 256^3", _c64((256, 256, 256)),
             lambda x: cupix.ndimage.fourier_ellipsoid(x, 5), lambda x: ndi.fourier_ellipsoid(x, 5), "scipy",
             "complex64"),
        Case("filters.gaussian sigma=2 u8 4K", _u8(FOUR_K),
             lambda x: cupix.filters.gaussian(x, sigma=2), lambda x: skimage.filters.gaussian(x, sigma=2),
             "skimage", "float64"),
        Case("color.rgb2gray u8 4K", _u8(FOUR_K + (3,)),
             cupix.color.rgb2gray, skimage.color.rgb2gray, "skimage", "float64", lambda s: s[:-1]),
        Case("color.rgb2gray f32 4K", _f32(FOUR_K + (3,)),
             cupix.color.rgb2gray, skimage.color.rgb2gray, "skimage", "float32", lambda s: s[:-1]),
    ]


def gpu_references(case):
    """CuPy (cupyx.scipy.ndimage) and cuCIM equivalents of a case, where importable."""
    refs = {}
    try:
        import cupyx.scipy.ndimage as cndi
    except ImportError:
        cndi = None
    try:
        import cucim.skimage as csk
    except ImportError:
        csk = None
    n = case.name
    if cndi is not None:
        if n.startswith("filters.gaussian sigma=4"):
            refs["cupy"] = lambda x: cndi.gaussian_filter(x, 4, mode="nearest")
        elif n.startswith("ndimage.gaussian_filter sigma=4"):
            refs["cupy"] = lambda x: cndi.gaussian_filter(x, 4)
        elif n.startswith("ndimage.gaussian_filter sigma=2"):
            refs["cupy"] = lambda x: cndi.gaussian_filter(x, 2)
        elif n.startswith("ndimage.gaussian_filter1d"):
            refs["cupy"] = lambda x: cndi.gaussian_filter1d(x, 4, axis=0)
        elif n.startswith("ndimage.correlate1d"):
            import cupy

            w = cupy.arange(1.0, 10.0)
            refs["cupy"] = lambda x: cndi.correlate1d(x, w, axis=-1)
        elif n.startswith("ndimage.uniform_filter size=9"):
            refs["cupy"] = lambda x: cndi.uniform_filter(x, 9)
        elif n.startswith("ndimage.maximum_filter size=5"):
            refs["cupy"] = lambda x: cndi.maximum_filter(x, 5)
        elif n.startswith("ndimage.correlate 5x5"):
            import cupy

            w5 = cupy.asarray(_W5)
            refs["cupy"] = lambda x: cndi.correlate(x, w5)
        elif n.startswith("ndimage.median_filter"):
            size = int(n.split("size=")[1].split()[0])
            refs["cupy"] = lambda x: cndi.median_filter(x, size)
        elif n.startswith("ndimage.rank_filter size=7"):
            refs["cupy"] = lambda x: cndi.rank_filter(x, 10, 7)
        elif n.startswith("ndimage.grey_erosion disk(5)"):
            import cupy

            disk = cupy.asarray(_DISK5)
            refs["cupy"] = lambda x: cndi.grey_erosion(x, footprint=disk)
        elif n.startswith("ndimage.grey_opening size=5"):
            refs["cupy"] = lambda x: cndi.grey_opening(x, 5)
        elif n.startswith("ndimage.binary_erosion 5x5"):
            import cupy

            box = cupy.asarray(_BOX5)
            refs["cupy"] = lambda x: cndi.binary_erosion(x, box)
        elif n.startswith("ndimage.binary_dilation cross"):
            refs["cupy"] = cndi.binary_dilation
        elif n.startswith("ndimage.label blobs bool"):
            refs["cupy"] = lambda x: cndi.label(x)[0]
        elif n.startswith("ndimage.label blobs 26-connected"):
            import cupy

            cube = cupy.asarray(_CUBE3)
            refs["cupy"] = lambda x: cndi.label(x, cube)[0]
        elif n.startswith("ndimage.distance_transform_edt"):
            refs["cupy"] = cndi.distance_transform_edt
        elif n.startswith("ndimage.distance_transform_cdt") and hasattr(cndi, "distance_transform_cdt"):
            metric = n.split()[1]
            refs["cupy"] = lambda x: cndi.distance_transform_cdt(x, metric)
        elif n.startswith("ndimage.value_indices") and hasattr(cndi, "value_indices"):
            refs["cupy"] = cndi.value_indices
        elif n.split()[0].split(".")[1] in _STATISTICS:
            name = n.split()[0].split(".")[1]
            extra = _STATISTICS[name]
            refs["cupy"] = lambda v, l, i: getattr(cndi, name)(v, *extra, l, i)
        elif n.startswith("ndimage.sobel"):
            refs["cupy"] = lambda x: cndi.sobel(x, axis=0)
        elif n.startswith("ndimage.affine_transform"):
            import cupy

            m, off, order = (_ROT2, _OFF2, 3) if "4K" in n else (_ROT3, _OFF3, 1)
            mg = cupy.asarray(m)
            refs["cupy"] = lambda x: cndi.affine_transform(x, mg, off, order=order)
        elif n.startswith("ndimage.map_coordinates"):
            refs["cupy"] = cndi.map_coordinates
        elif n.startswith("ndimage.zoom 0.5"):
            refs["cupy"] = lambda x: cndi.zoom(x, 0.5)
        elif n.startswith("ndimage.shift 0.5"):
            refs["cupy"] = lambda x: cndi.shift(x, 0.5, order=1)
        elif n.startswith("ndimage.spline_filter"):
            refs["cupy"] = cndi.spline_filter
        elif n.startswith("ndimage.fourier_gaussian"):
            refs["cupy"] = lambda x: cndi.fourier_gaussian(x, 4)
        elif n.startswith("ndimage.fourier_shift"):
            refs["cupy"] = lambda x: cndi.fourier_shift(x, (2.5, -1.5))
        elif n.startswith("ndimage.fourier_ellipsoid"):
            refs["cupy"] = lambda x: cndi.fourier_ellipsoid(x, 5)
    if csk is not None:
        if n.startswith("filters.gaussian"):
            sigma = 4 if "sigma=4" in n else 2
            refs["cucim"] = lambda x: csk.filters.gaussian(x, sigma=sigma)
        elif n.startswith("color.rgb2gray"):
            refs["cucim"] = csk.color.rgb2gray
        elif n.startswith("ndimage.grey_erosion disk(5)"):
            import cupy

            disk = cupy.asarray(_DISK5)
            refs["cucim"] = lambda x: csk.morphology.erosion(x, disk)
        elif n.startswith("ndimage.median_filter") and "4K" in n:
            import cupy

            fp = cupy.ones((int(n.split("size=")[1].split()[0]),) * 2, bool)
            refs["cucim"] = lambda x: csk.filters.median(x, fp)
    return refs
