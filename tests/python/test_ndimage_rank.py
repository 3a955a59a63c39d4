"""cupix.ndimage rank, median and percentile filters against scipy.ndimage on random inputs.

Window sizes are chosen to reach every selection: up to 16 and up to 32 values (register sorting
networks), more than 32 (radix selection on the GPU, nth_element on the CPU) and, for 8-bit
types, the sliding histogram (every window on the CPU, more than 16 values on the GPU), with
strips shorter and longer than one work item (64 points along axis 0)."""
import numpy as np
import pytest
import scipy.ndimage as ndi

import cupix
from conftest import random_image, to_backend, to_numpy

MODES = ["reflect", "constant", "nearest", "mirror", "wrap", "grid-constant", "grid-mirror", "grid-wrap"]
DTYPES = ["bool", "uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64", "float32", "float64"]
# (input shape, window shape): windows of 9, 25, 27, 49, 15 and 289 values (byte and 16-bit
# histogram counters on the GPU); 150 rows span three histogram strips; windows in the last two
# axes of a 3-D input (tiled GPU kernel, one tile per image), in the last three (3-D tiles) and in
# all four axes (generic).
CASES = [((13, 17), (3, 3)), ((13, 17), (5, 5)), ((7, 9, 11), (3, 3, 3)), ((11, 12), (7, 7)), ((150, 7), (5, 3)),
         ((3, 4, 5, 6), (2, 3, 2, 2)), ((40, 37), (17, 17)), ((6, 9, 41), (1, 3, 5)), ((2, 9, 10, 35), (1, 2, 3, 3))]


def _random_data(rng, shape, dtype):
    x = random_image(rng, shape, dtype)
    if dtype in ("uint8", "int8"):  # 8-bit data with many ties, as in real images
        x = (x // 16 * 16).astype(dtype)
    return x


def _origin(rng, fshape):
    return [int(rng.integers(-(n // 2), (n - 1) // 2 + 1)) for n in fshape]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: "x".join(map(str, c[0])) + "-w" + "x".join(map(str, c[1])))
@pytest.mark.parametrize("kind", ["size", "footprint"])
def test_rank_filter(backend, dtype, case, kind):
    rng = np.random.default_rng()
    shape, fshape = case
    x = _random_data(rng, shape, dtype)
    if kind == "size":
        kw = dict(size=fshape)
        count = int(np.prod(fshape))
    else:
        fp = rng.random(fshape) > 0.3
        fp.flat[0] = fp.flat[-1] = True
        kw = dict(footprint=fp)
        count = int(fp.sum())
    # SciPy casts a negative cval to 0 for uint64 but wraps it for the other unsigned types.
    cvals = [7.0, 0.0] if dtype == "uint64" else [7.0, -3.0, 0.0]
    kw.update(mode=str(rng.choice(MODES)), cval=float(rng.choice(cvals)), origin=_origin(rng, fshape))
    rank = int(rng.integers(1, count - 1))
    r = cupix.ndimage.rank_filter(to_backend(x, backend), rank, **kw)
    np.testing.assert_array_equal(to_numpy(r), ndi.rank_filter(x, rank, **kw), err_msg=f"rank {rank} {kw}")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", ["uint8", "int16", "float32"])
@pytest.mark.parametrize("size", [3, 5, 9])
def test_median_filter_modes(backend, mode, dtype, size):
    """3x3 medians have their own GPU kernel (sorted rows), with any origin."""
    rng = np.random.default_rng()
    x = _random_data(rng, (31, 23), dtype)
    kw = dict(size=size, mode=mode, cval=5.0, origin=[int(rng.integers(-(size // 2), (size - 1) // 2 + 1))
                                                      for _ in range(2)])
    r = cupix.ndimage.median_filter(to_backend(x, backend), **kw)
    np.testing.assert_array_equal(to_numpy(r), ndi.median_filter(x, **kw))


@pytest.mark.parametrize("percentile", [0, 10, 37.5, 50, 99, 100, -25])
@pytest.mark.parametrize("dtype", ["uint8", "float64"])
def test_percentile_filter(backend, percentile, dtype):
    rng = np.random.default_rng()
    x = _random_data(rng, (19, 21), dtype)
    kw = dict(size=(4, 5), mode="nearest")
    r = cupix.ndimage.percentile_filter(to_backend(x, backend), percentile, **kw)
    np.testing.assert_array_equal(to_numpy(r), ndi.percentile_filter(x, percentile, **kw))


@pytest.mark.parametrize("dtype", ["bool", "uint8", "uint16", "int32", "float16", "float32"])
@pytest.mark.parametrize("length", [1, 2, 40])
def test_rank_filter_1d(backend, dtype, length):
    """1-D inputs: SciPy's own algorithm, on int64 copies of integer inputs (so a negative cval
    stays negative for unsigned data) and float32 copies of float16 ones."""
    rng = np.random.default_rng()
    x = _random_data(rng, (length,), dtype)
    for size, rank in [(3, 1), (5, -2), (40, 17)]:
        kw = dict(size=size, mode="constant", cval=-3.0)
        try:
            expected = ndi.rank_filter(x, rank, **kw)
        except RuntimeError:  # float16 where the window is longer than the input: SciPy's n-D path
            with pytest.raises(RuntimeError, match="not supported"):
                cupix.ndimage.rank_filter(to_backend(x, backend), rank, **kw)
            continue
        r = cupix.ndimage.rank_filter(to_backend(x, backend), rank, **kw)
        np.testing.assert_array_equal(to_numpy(r), expected, err_msg=f"size {size}")


MODES3 = ["wrap", "constant", "mirror"]


@pytest.mark.parametrize("func,args,kw", [
    ("median_filter", (), dict(size=3, axes=(0, 2))),
    ("rank_filter", (2,), dict(size=[2, 4], axes=(2, 0), origin=(1, 0))),
    ("percentile_filter", (30,), dict(footprint=np.array([[1, 0, 1], [0, 1, 1]], bool), axes=(1, 2))),
    ("median_filter", (), dict(size=3, output=np.float32)),
    ("rank_filter", (5,), dict(size=4, output=np.int16)),
    ("rank_filter", (-1,), dict(size=(1, 1, 3), mode=MODES3)),  # the maximum: separable, one mode per axis
    ("rank_filter", (0,), dict(footprint=np.ones((2, 2, 2), bool), mode=MODES3)),
    ("median_filter", (), dict(size=(1, 1, 3), mode=MODES3)),  # not separable: SciPy refuses the modes
], ids=lambda v: v if isinstance(v, str) else "-".join(f"{a}={b}" for a, b in v.items() if a != "footprint")
   if isinstance(v, dict) else str(v))
def test_rank_filter_arguments(backend, func, args, kw):
    rng = np.random.default_rng()
    x = rng.standard_normal((8, 11, 9)) * 100
    try:
        expected = getattr(ndi, func)(x, *args, **kw)
    except RuntimeError as e:
        with pytest.raises(RuntimeError, match=str(e)[:20]):
            getattr(cupix.ndimage, func)(to_backend(x, backend), *args, **kw)
        return
    r = getattr(cupix.ndimage, func)(to_backend(x, backend), *args, **kw)
    np.testing.assert_array_equal(to_numpy(r), expected)


@pytest.mark.parametrize("dtype", ["bool", "uint8", "int8"])
@pytest.mark.parametrize("shape", [(70, 520), (3, 37, 261), (45, 387)], ids=lambda s: "x".join(map(str, s)))
def test_median_3x3_bytes(backend, dtype, shape):
    """1-byte 3x3 medians take four columns per word on the GPU: rows wide enough for aligned
    word loads (width a multiple of 4) and not, stacks of images, a transposed input."""
    rng = np.random.default_rng()
    x = _random_data(rng, shape, dtype)
    for origin in ([0, 0], _origin(rng, (3, 3))):
        kw = dict(size=3, mode=str(rng.choice(MODES)), cval=float(rng.choice([7.0, -3.0, 0.0])), origin=origin)
        if len(shape) == 3:
            kw.update(size=(1, 3, 3), origin=[0] + origin)
        r = cupix.ndimage.median_filter(to_backend(x, backend), **kw)
        np.testing.assert_array_equal(to_numpy(r), ndi.median_filter(x, **kw), err_msg=str(kw))
    if len(shape) == 2:
        t = x.T
        r = cupix.ndimage.median_filter(to_backend(x, backend).T, size=3)
        np.testing.assert_array_equal(to_numpy(r), ndi.median_filter(t, size=3))


def test_rank_filter_wide_window(backend):
    """A window too wide for the GPU's shared-memory tile (generic kernel there)."""
    rng = np.random.default_rng()
    x = rng.standard_normal((5, 200))
    r = cupix.ndimage.rank_filter(to_backend(x, backend), 50, size=(1, 170), mode="wrap")
    np.testing.assert_array_equal(to_numpy(r), ndi.rank_filter(x, 50, size=(1, 170), mode="wrap"))


def test_rank_filter_output_argument(backend):
    rng = np.random.default_rng()
    x = rng.integers(0, 255, (20, 30)).astype(np.uint8)
    expected = ndi.median_filter(x, 5)
    xb = to_backend(x.copy(), backend)
    out = cupix.ndimage.median_filter(xb, 5, output=xb)  # in place: the result goes through a temporary
    assert out is xb
    np.testing.assert_array_equal(to_numpy(xb), expected)
    out = to_backend(np.zeros((20, 30), np.int16), backend)
    cupix.ndimage.rank_filter(to_backend(x, backend), 3, size=(3, 4), output=out)
    np.testing.assert_array_equal(to_numpy(out), ndi.rank_filter(x, 3, size=(3, 4), output=np.int16))


def test_rank_filter_nan(backend):
    """NaN sorts above every number; windows without NaN agree with SciPy."""
    rng = np.random.default_rng()
    x = rng.standard_normal((30, 40))
    x[rng.random(x.shape) < 0.01] = np.nan
    r = to_numpy(cupix.ndimage.median_filter(to_backend(x, backend), 3))
    clean = ndi.maximum_filter(np.isnan(x), 3) == 0
    np.testing.assert_array_equal(r[clean], ndi.median_filter(x, 3)[clean])
    win = np.lib.stride_tricks.sliding_window_view(np.pad(x, 1, mode="symmetric"), (3, 3)).reshape(30, 40, 9)
    np.testing.assert_array_equal(r, np.sort(win, axis=-1)[..., 4])


def test_rank_filter_bad_inputs(backend):
    x = to_backend(np.zeros((4, 5)), backend)
    with pytest.raises(RuntimeError, match="rank not within"):
        cupix.ndimage.rank_filter(x, 9, size=3)
    with pytest.raises(RuntimeError, match="rank not within"):
        cupix.ndimage.rank_filter(x, -10, size=3)
    with pytest.raises(RuntimeError, match="rank not within"):
        cupix.ndimage.rank_filter(x, 2**40, size=3)
    with pytest.raises(RuntimeError, match="invalid percentile"):
        cupix.ndimage.percentile_filter(x, 101, size=3)
    with pytest.raises(RuntimeError, match="invalid percentile"):
        cupix.ndimage.percentile_filter(x, -101, size=3)
    with pytest.raises(RuntimeError, match="no footprint or filter size"):
        cupix.ndimage.median_filter(x)
    with pytest.raises(RuntimeError, match="rank not within"):
        cupix.ndimage.median_filter(x, footprint=np.zeros((3, 3), bool))
    with pytest.raises(ValueError, match="invalid origin"):
        cupix.ndimage.median_filter(x, size=3, origin=2)
    with pytest.raises(RuntimeError, match="must match len"):
        cupix.ndimage.median_filter(x, footprint=np.ones(3, bool))
    with pytest.raises(RuntimeError, match="must match len"):
        cupix.ndimage.median_filter(x, size=0)
    with pytest.raises(RuntimeError, match="sequence argument"):
        cupix.ndimage.median_filter(x, size=[3, 3, 3])
    with pytest.raises(RuntimeError, match="sequence of modes"):
        cupix.ndimage.median_filter(x, size=3, mode=["wrap", "reflect"])
    with pytest.raises(RuntimeError, match="boundary mode"):
        cupix.ndimage.median_filter(x, size=3, mode="bogus")
    with pytest.raises(RuntimeError, match="not supported"):
        cupix.ndimage.median_filter(to_backend(np.zeros((4, 5), np.float16), backend), size=3)
    with pytest.raises(TypeError):
        cupix.ndimage.median_filter(to_backend(np.zeros((3, 3), np.complex64), backend), size=3)
    with pytest.warns(UserWarning, match="ignoring size"):
        cupix.ndimage.median_filter(x, size=3, footprint=np.ones((3, 3), bool))
    empty = cupix.ndimage.median_filter(to_backend(np.zeros((0, 3)), backend), size=3)
    assert empty.shape == (0, 3)
