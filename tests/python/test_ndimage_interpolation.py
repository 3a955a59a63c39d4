"""cupix.ndimage spline interpolation against scipy.ndimage on random inputs: every order (0-5),
every mode, 1-D to 4-D, each function's argument forms, the dtypes, output arguments, views, and
SciPy's errors. cupix computes as SciPy does (same weights, boundary arithmetic and order of
sums), so float64 results agree to rounding; integer outputs may differ by one where SciPy's sum
lands within rounding of a half.

SciPy before 1.18 initialised the reflect-mode prefilter with an aliasing error (scipy#24615,
fixed in March 2026) that is visible on short lines. cupix computes the fixed form; against such a
SciPy, the reference coefficients come from SciPy's own grid-wrap filter of the input followed by
its mirror image (the reflect extension is that periodic signal), then SciPy interpolates them
with prefilter=False."""
import warnings

import numpy as np
import pytest
import scipy.ndimage as ndi

import cupix
from conftest import random_image, to_backend, to_numpy

MODES = ["constant", "grid-constant", "nearest", "reflect", "grid-mirror", "mirror", "wrap", "grid-wrap"]
SHAPES = [(13,), (9, 14), (6, 7, 5), (3, 4, 5, 4)]
ids = lambda s: "x".join(map(str, s))  # noqa: E731


def _scipy_reflect_prefilter_is_exact():
    x = np.array([1.0, 5.0, 2.0])
    c = ndi.spline_filter1d(x, 3, mode="reflect")
    return np.allclose(ndi.map_coordinates(c, [np.arange(3.0)], order=3, mode="reflect", prefilter=False), x,
                       rtol=0, atol=1e-12)


REFLECT_EXACT = _scipy_reflect_prefilter_is_exact()
REFLECT_MODES = ("reflect", "grid-mirror", "nearest")  # the modes whose lines start with the reflect init


def ref_spline_filter1d(x, order, axis=-1, mode="mirror", output=np.float64):
    if REFLECT_EXACT or order < 2 or mode not in REFLECT_MODES or x.shape[axis] <= 1:
        return ndi.spline_filter1d(x, order, axis=axis, mode=mode, output=output)
    n = x.shape[axis]
    doubled = np.concatenate([x, np.flip(x, axis)], axis=axis).astype(np.float64)
    c = ndi.spline_filter1d(doubled, order, axis=axis, mode="grid-wrap")
    return np.take(c, np.arange(n), axis=axis).astype(output)


def ref_spline_filter(x, order, mode="mirror", output=np.float64):
    for axis in range(x.ndim):
        x = ref_spline_filter1d(x, order, axis, mode, output)
    return x


def ref(fn, x, *args, order=3, mode="constant", prefilter=True, plane=None, **kw):
    """scipy.ndimage.<fn>, with exact reflect coefficients where SciPy's own are not (see above).
    `plane`: the axes that are prefiltered (rotate filters each plane on its own)."""
    f = getattr(ndi, fn)
    if REFLECT_EXACT or order < 2 or not prefilter or mode not in ("reflect", "grid-mirror"):
        return f(x, *args, order=order, mode=mode, prefilter=prefilter, **kw)
    c = x.astype(np.float64)
    for axis in range(x.ndim) if plane is None else plane:
        c = ref_spline_filter1d(c, order, axis, mode)
    out = kw.pop("output", None)
    return f(c, *args, order=order, mode=mode, prefilter=False, output=x.dtype if out is None else out, **kw)


def every_shape_order_mode(test):
    for name, values in [("mode", MODES), ("order", range(6))]:
        test = pytest.mark.parametrize(name, values)(test)
    return pytest.mark.parametrize("shape", SHAPES, ids=ids)(test)


def check(result, expected, backend):
    assert type(result) is type(to_backend(np.zeros(1), backend))
    result = to_numpy(result)
    assert result.shape == expected.shape and result.dtype == expected.dtype
    if expected.dtype.kind in "iu":
        diff = np.abs(result.astype(np.int64) - expected.astype(np.int64))
        assert diff.max(initial=0) <= 1, diff.max()
    elif expected.dtype == bool:
        assert (result != expected).mean() < 0.02
    else:
        tol = 1e-5 if expected.dtype == np.float32 else 1e-10
        np.testing.assert_allclose(result, expected, rtol=tol, atol=tol * max(1.0, np.nanmax(np.abs(expected), initial=0)))


@every_shape_order_mode
def test_map_coordinates(backend, shape, order, mode):
    rng = np.random.default_rng()
    x = random_image(rng, shape, "float64")
    # points inside, near the edges and well outside, on a 2-D output grid
    coords = np.stack([rng.uniform(-4, n + 3, (5, 7)) for n in shape])
    coords[:, 0, :3] = np.array(shape)[:, None] - 1  # exactly on the last point
    coords[:, 1, :3] = 0
    expected = ref("map_coordinates", x, coords, order=order, mode=mode, cval=1.5)
    result = cupix.ndimage.map_coordinates(to_backend(x, backend), to_backend(coords, backend), order=order, mode=mode,
                                           cval=1.5)
    check(result, expected, backend)


@pytest.mark.parametrize("dtype", ["uint8", "uint16", "int16", "int32", "float32", "float64"])
@pytest.mark.parametrize("order", [0, 1, 3, 5])
def test_dtypes(backend, dtype, order):
    rng = np.random.default_rng()
    x = random_image(rng, (19, 22), dtype)
    for output in [None, np.float64, np.float32, np.int16, np.uint8]:
        expected = ref("shift", x, (2.4, -1.7), order=order, mode="reflect", output=output)
        result = cupix.ndimage.shift(to_backend(x, backend), (2.4, -1.7), order=order, mode="reflect", output=output)
        check(result, expected, backend)


@pytest.mark.parametrize("shape", [(11, 16), (5, 9, 7)], ids=ids)
@pytest.mark.parametrize("order", [0, 1, 2, 3, 4, 5])
def test_affine_transform_forms(backend, shape, order):
    rng = np.random.default_rng()
    x = random_image(rng, shape, "float32")
    nd = len(shape)
    m = np.eye(nd) + rng.uniform(-0.3, 0.3, (nd, nd))
    offset = rng.uniform(-2, 2, nd)
    homogeneous = np.eye(nd + 1)
    homogeneous[:nd, :nd], homogeneous[:nd, nd] = m, offset
    out_shape = tuple(s + 3 for s in shape)
    for matrix, kw in [(m, dict(offset=offset)), (m, dict(offset=0.7, output_shape=out_shape)),
                       (np.diag(m), dict(offset=offset)), (homogeneous[:nd], {}), (homogeneous, {}),
                       (m[:, :nd - 1], dict(output_shape=out_shape[:nd - 1]))]:
        mode = rng.choice(MODES)
        expected = ref("affine_transform", x, matrix, order=order, mode=mode, cval=-3, **kw)
        result = cupix.ndimage.affine_transform(to_backend(x, backend), to_backend(matrix, backend), order=order,
                                                mode=mode, cval=-3, **kw)
        check(result, expected, backend)


@pytest.mark.parametrize("shape", SHAPES, ids=ids)
@pytest.mark.parametrize("mode", MODES)
def test_zoom(backend, shape, mode):
    rng = np.random.default_rng()
    x = random_image(rng, shape, "float64")
    for factor in [rng.uniform(0.3, 2.5, len(shape)).tolist(), 0.5, 2]:
        for order in [0, 1, 3]:
            for grid_mode in [False, True]:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", UserWarning)
                    expected = ref("zoom", x, factor, order=order, mode=mode, grid_mode=grid_mode)
                    result = cupix.ndimage.zoom(to_backend(x, backend), factor, order=order, mode=mode,
                                                grid_mode=grid_mode)
                check(result, expected, backend)


def test_zoom_identity_and_warning(backend):
    x = random_image(np.random.default_rng(), (7, 8), "int16")
    result = cupix.ndimage.zoom(to_backend(x, backend), 1, output=np.float32)
    check(result, ndi.zoom(x, 1, output=np.float32), backend)
    with pytest.warns(UserWarning, match="grid-constant"):
        cupix.ndimage.zoom(to_backend(x, backend), 2, grid_mode=True)


@pytest.mark.parametrize("shape,axes", [((12, 17), (1, 0)), ((12, 17), (0, 1)), ((5, 8, 6), (0, 2)),
                                        ((5, 8, 6), (-1, -2)), ((3, 6, 7, 4), (1, 2))], ids=str)
@pytest.mark.parametrize("reshape", [True, False])
def test_rotate(backend, shape, axes, reshape):
    rng = np.random.default_rng()
    x = random_image(rng, shape, "float64")
    for angle in [90, -180, 33.3, rng.uniform(-400, 400)]:
        order, mode = int(rng.integers(0, 6)), rng.choice(MODES)
        expected = ref("rotate", x, angle, axes=axes, reshape=reshape, order=order, mode=mode, cval=2.0,
                       plane=[a % len(shape) for a in axes])
        result = cupix.ndimage.rotate(to_backend(x, backend), angle, axes=axes, reshape=reshape, order=order,
                                      mode=mode, cval=2.0)
        if order == 0 and angle % 90:
            # Nearest neighbours: a point that maps to a half-integer (the centre of an even side
            # does) rounds either way with the last bit of cos and sin, which SciPy takes from
            # Cephes' cosdg/sindg and cupix from the C library.
            result = to_numpy(result)
            assert result.shape == expected.shape
            assert np.mean(~np.isclose(result, expected, rtol=1e-10, atol=1e-9)) <= 0.03
        else:
            check(result, expected, backend)


@every_shape_order_mode
def test_spline_filter1d(backend, shape, order, mode):
    rng = np.random.default_rng()
    x = random_image(rng, shape, "float64")
    axis = int(rng.integers(-len(shape), len(shape)))
    check(cupix.ndimage.spline_filter1d(to_backend(x, backend), order, axis=axis, mode=mode),
          ref_spline_filter1d(x, order, axis=axis, mode=mode), backend)


@pytest.mark.parametrize("order", [2, 3, 4, 5])
@pytest.mark.parametrize("mode", MODES)
def test_spline_filter1d_long_lines(backend, order, mode):
    """Lines long enough for the GPU to cut them into segments that run in parallel: along the
    innermost axis and across it, in a strided view, with large values among small ones; and a
    NaN, which spreads over its whole line as in SciPy."""
    rng = np.random.default_rng()
    x = random_image(rng, (1037, 70), "float64")
    x[rng.integers(0, 1037, 9), rng.integers(0, 70, 9)] *= 1e6
    for a, axis in [(x, 0), (x.T, 1), (x.T[::3, 1::2], 1), (x[:, :3], 0)]:
        check(cupix.ndimage.spline_filter1d(to_backend(a, backend), order, axis=axis, mode=mode),
              ref_spline_filter1d(a, order, axis=axis, mode=mode), backend)
    x[int(rng.integers(0, 1037)), 5] = np.nan
    expected = ref_spline_filter1d(x, order, axis=0, mode=mode)
    result = to_numpy(cupix.ndimage.spline_filter1d(to_backend(x, backend), order, axis=0, mode=mode))
    np.testing.assert_array_equal(np.isnan(result), np.isnan(expected))
    finite = ~np.isnan(expected)
    np.testing.assert_allclose(result[finite], expected[finite], rtol=1e-10, atol=1e-10 * np.abs(expected[finite]).max())


@pytest.mark.parametrize("order", [2, 3, 4, 5])
@pytest.mark.parametrize("dtype", ["uint8", "int16", "float32", "float64"])
@pytest.mark.parametrize("output", [np.float64, np.float32])
def test_spline_filter(backend, order, dtype, output):
    rng = np.random.default_rng()
    x = random_image(rng, (8, 11, 6), dtype)
    mode = rng.choice(MODES)
    check(cupix.ndimage.spline_filter(to_backend(x, backend), order, output=output, mode=mode),
          ref_spline_filter(x, order, output=output, mode=mode), backend)


@pytest.mark.parametrize("order", [1, 3])
def test_prefilter_false_and_output_array(backend, order):
    rng = np.random.default_rng()
    x = random_image(rng, (10, 13), "float64")
    coeffs = ndi.spline_filter(x, 3)
    expected = ndi.shift(coeffs, (0.3, 1.6), order=order, prefilter=False, mode="mirror")
    out = to_backend(np.zeros(x.shape, np.float32), backend)
    result = cupix.ndimage.shift(to_backend(coeffs, backend), (0.3, 1.6), order=order, prefilter=False,
                                 mode="mirror", output=out)
    assert result is out
    check(result, expected.astype(np.float32), backend)


def test_views_and_nan(backend):
    rng = np.random.default_rng()
    x = random_image(rng, (20, 31), "float64")
    view = x[::2, 3::3].T  # strided and transposed
    check(cupix.ndimage.rotate(to_backend(view, backend), 21), ndi.rotate(view, 21), backend)
    coords = rng.uniform(-2, 33, (2, 12, 9, 4))[:, ::2, :, 1].transpose(0, 2, 1).astype(np.float32)  # strided
    check(cupix.ndimage.map_coordinates(to_backend(view, backend), to_backend(coords, backend), order=3),
          ndi.map_coordinates(view, coords, order=3), backend)
    x[4, 5] = np.nan
    for order in [0, 1, 3]:
        expected = ndi.zoom(x, 1.3, order=order, mode="nearest")
        result = to_numpy(cupix.ndimage.zoom(to_backend(x, backend), 1.3, order=order, mode="nearest"))
        np.testing.assert_array_equal(np.isnan(result), np.isnan(expected))
        np.testing.assert_allclose(result[~np.isnan(result)], expected[~np.isnan(expected)], rtol=1e-10, atol=1e-9)


def test_errors(backend):
    x = to_backend(np.ones((5, 6)), backend)
    fn = cupix.ndimage
    with pytest.raises(RuntimeError, match="spline order"):
        fn.shift(x, 1, order=6)
    with pytest.raises(RuntimeError, match="spline order"):
        fn.spline_filter(x, 1)
    with pytest.raises(RuntimeError):
        fn.zoom(x, 2, mode="bogus")
    with pytest.raises(RuntimeError, match="coordinate"):
        fn.map_coordinates(x, to_backend(np.zeros((3, 4)), backend))
    with pytest.raises(RuntimeError, match="rank"):
        fn.map_coordinates(x, to_backend(np.zeros((2,)), backend))
    with pytest.raises(RuntimeError, match="rows"):
        fn.affine_transform(x, np.eye(3)[:, :2])
    with pytest.raises(ValueError, match="homogeneous"):
        fn.affine_transform(x, np.ones((3, 3)))
    with pytest.raises(RuntimeError, match="output shape"):
        fn.shift(x, 1, output=to_backend(np.zeros((4, 4)), backend))
    with pytest.raises(RuntimeError, match="sequence"):
        fn.shift(x, (1, 2, 3))
    with pytest.raises(ValueError, match="2D"):
        fn.rotate(to_backend(np.ones(5), backend), 10)
    with pytest.raises(ValueError, match="rotation plane"):
        fn.rotate(x, 10, axes=(0, 2))
    with pytest.raises(ValueError, match="exactly two"):
        fn.rotate(x, 10, axes=(0, 1, 2))
    with pytest.raises(TypeError):
        fn.shift(to_backend(np.ones((3, 3), complex), backend), 1)
    empty, coords = np.ones((0, 3)), np.zeros((2, 4))
    with pytest.raises(ValueError, match="empty"):
        fn.map_coordinates(to_backend(empty, backend), to_backend(coords, backend), mode="nearest")
    check(fn.map_coordinates(to_backend(empty, backend), to_backend(coords, backend), cval=2),
          ndi.map_coordinates(empty, coords, cval=2), backend)
