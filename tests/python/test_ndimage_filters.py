"""cupix.ndimage filters against scipy.ndimage on random inputs."""
import numpy as np
import pytest
import scipy.ndimage as ndi

import cupix
from conftest import assert_matches, random_image, to_backend, to_numpy

MODES = ["reflect", "constant", "nearest", "mirror", "wrap", "grid-constant", "grid-mirror", "grid-wrap"]
DTYPES = ["uint8", "uint16", "int16", "int32", "float32", "float64"]
SHAPES = [(37,), (13, 17), (7, 9, 11), (3, 4, 5, 6)]


@pytest.mark.parametrize("func", ["correlate1d", "convolve1d"])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
def test_correlate1d_convolve1d(backend, func, mode, dtype, shape):
    rng = np.random.default_rng()
    x = random_image(rng, shape, dtype)
    weights = rng.standard_normal(rng.integers(1, 8)) if dtype[0] == "f" else rng.random(rng.integers(1, 8)) / 4
    axis = int(rng.integers(-len(shape), len(shape)))
    origin = int(rng.integers(-(len(weights) // 2), (len(weights) - 1) // 2 + 1))
    kw = dict(axis=axis, mode=mode, cval=1.5, origin=origin)
    expected = getattr(ndi, func)(x, weights, **kw)
    assert_matches(getattr(cupix.ndimage, func)(to_backend(x, backend), weights, **kw), expected)


@pytest.mark.parametrize("mode", ["reflect", "mirror", "wrap", "nearest", "constant"])
@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_correlate1d_long_weights_on_short_lines(backend, mode, size):
    # Kernels longer than the line extend it repeatedly: the periodic rules must hold far out.
    rng = np.random.default_rng()
    x = rng.standard_normal((4, size))
    w = rng.standard_normal(23)
    assert_matches(cupix.ndimage.correlate1d(to_backend(x, backend), w, mode=mode, cval=-2.0),
                   ndi.correlate1d(x, w, mode=mode, cval=-2.0))


@pytest.mark.parametrize("out_dtype", ["float32", "float64", "int16", "uint8", bool])
def test_correlate1d_output_dtype(backend, out_dtype):
    rng = np.random.default_rng()
    x = rng.random((11, 13)) * 40
    w = [0.25, 0.5, 0.25]
    expected = ndi.correlate1d(x, w, output=out_dtype)
    assert_matches(cupix.ndimage.correlate1d(to_backend(x, backend), w, output=out_dtype), expected)


def test_correlate1d_output_array_and_views(backend):
    rng = np.random.default_rng()
    base = rng.standard_normal((20, 30))
    view = base[::2, 3:27:3].T  # non-contiguous, transposed
    out = to_backend(np.zeros(view.shape, np.float32), backend)
    r = cupix.ndimage.correlate1d(to_backend(view, backend), [1.0, -2.0, 0.5], axis=0, output=out)
    assert r is out
    assert_matches(out, ndi.correlate1d(view, [1.0, -2.0, 0.5], axis=0, output=np.float32))
    # Output aliasing the input, as SciPy allows.
    x = to_backend(base.copy(), backend)
    cupix.ndimage.correlate1d(x, [1, 1, 1], axis=1, output=x)
    assert_matches(x, ndi.correlate1d(base, [1, 1, 1], axis=1))


def test_correlate1d_nan_propagates_like_scipy(backend):
    x = np.array([np.nan, 2.0, 3.0, 4.0, 5.0])
    assert_matches(cupix.ndimage.correlate1d(to_backend(x, backend), [1, 1, 1]), ndi.correlate1d(x, [1, 1, 1]))


def test_correlate1d_bad_inputs(backend):
    x = to_backend(np.zeros((4, 5)), backend)
    with pytest.raises(RuntimeError, match="no filter weights"):
        cupix.ndimage.correlate1d(x, [])
    with pytest.raises(RuntimeError, match="no filter weights"):
        cupix.ndimage.correlate1d(x, [[1, 2]])
    with pytest.raises(ValueError, match="origin"):
        cupix.ndimage.correlate1d(x, [1, 2, 3], origin=2)
    with pytest.raises(np.exceptions.AxisError):
        cupix.ndimage.correlate1d(x, [1, 2, 3], axis=2)
    with pytest.raises(RuntimeError, match="boundary mode not supported"):
        cupix.ndimage.correlate1d(x, [1, 2, 3], mode="bogus")
    with pytest.raises(RuntimeError, match="output shape"):
        cupix.ndimage.correlate1d(x, [1, 2, 3], output=to_backend(np.zeros((5, 4)), backend))
    with pytest.raises(RuntimeError, match="float16"):
        cupix.ndimage.correlate1d(to_backend(np.zeros(4, np.float16), backend), [1.0])
    with pytest.raises(TypeError):
        cupix.ndimage.correlate1d(to_backend(np.zeros(4, np.complex64), backend), [1.0])


@pytest.mark.parametrize("shape", [(0,), (0, 5), (3, 0, 2)])
def test_correlate1d_empty(backend, shape):
    x = np.zeros(shape)
    assert_matches(cupix.ndimage.correlate1d(to_backend(x, backend), [1, 2, 1]), ndi.correlate1d(x, [1, 2, 1]))


@pytest.mark.parametrize("order", [0, 1, 2, 3])
@pytest.mark.parametrize("dtype", ["float32", "float64", "uint16", "int16"])
@pytest.mark.parametrize("mode", ["reflect", "constant", "nearest", "mirror", "wrap"])
def test_gaussian_filter1d(backend, order, dtype, mode):
    rng = np.random.default_rng()
    x = random_image(rng, (15, 26), dtype)
    sigma = float(rng.uniform(0.3, 4.0))
    expected = ndi.gaussian_filter1d(x, sigma, axis=0, order=order, mode=mode, cval=0.5)
    result = cupix.ndimage.gaussian_filter1d(to_backend(x, backend), sigma, axis=0, order=order, mode=mode, cval=0.5)
    assert_matches(result, expected)


def test_gaussian_filter1d_radius_truncate_and_errors(backend):
    rng = np.random.default_rng()
    x = rng.standard_normal(50)
    xb = to_backend(x, backend)
    for kw in [dict(radius=0), dict(radius=7), dict(truncate=1.3), dict(truncate=8.0, order=2)]:
        assert_matches(cupix.ndimage.gaussian_filter1d(xb, 2.5, **kw), ndi.gaussian_filter1d(x, 2.5, **kw))
    with pytest.raises(ValueError, match="Radius"):
        cupix.ndimage.gaussian_filter1d(xb, -1.0)
    with pytest.raises(ValueError, match="Radius"):
        cupix.ndimage.gaussian_filter1d(xb, 1.0, radius=1.5)
    with pytest.raises(ValueError, match="order"):
        cupix.ndimage.gaussian_filter1d(xb, 1.0, order=-1)
    with pytest.raises(ZeroDivisionError):
        cupix.ndimage.gaussian_filter1d(xb, 0.0)


@pytest.mark.parametrize("mode", ["reflect", "constant", "nearest", "mirror", "wrap", "grid-wrap"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
def test_gaussian_filter(backend, mode, dtype, shape):
    rng = np.random.default_rng()
    x = random_image(rng, shape, dtype)
    sigma = [float(s) for s in rng.uniform(0.5, 3.0, len(shape))]
    expected = ndi.gaussian_filter(x, sigma, mode=mode, cval=2.0)
    result = cupix.ndimage.gaussian_filter(to_backend(x, backend), sigma, mode=mode, cval=2.0)
    assert_matches(result, expected, int_tol=len(shape))


@pytest.mark.parametrize("kw", [
    dict(order=[0, 1, 2]), dict(order=3), dict(mode=["reflect", "wrap", "constant"]), dict(radius=[1, 0, 4]),
    dict(radius=3), dict(truncate=2.0), dict(axes=(0, 2)), dict(axes=[-1]), dict(axes=()),
    dict(output=np.float32), dict(output="float64"), dict(sigma=[0.0, 2.0, 0.0]), dict(sigma=0),
], ids=lambda k: "-".join(f"{a}={b}" for a, b in k.items()))
def test_gaussian_filter_arguments(backend, kw):
    rng = np.random.default_rng()
    x = rng.standard_normal((9, 14, 11))
    kw = dict(kw)
    sigma = kw.pop("sigma", 1.7)
    axes = kw.get("axes")
    if axes is not None and not np.isscalar(sigma) and len(sigma) != len(axes):
        sigma = 1.7
    expected = ndi.gaussian_filter(x, sigma, **kw)
    assert_matches(cupix.ndimage.gaussian_filter(to_backend(x, backend), sigma, **kw), expected)


def test_gaussian_filter_views_and_output_array(backend):
    rng = np.random.default_rng()
    base = rng.standard_normal((18, 24, 5)).astype(np.float32)
    view = base[1::2, ::-1, 2]  # strided, negative stride
    out = to_backend(np.empty(view.shape, np.float64), backend)
    r = cupix.ndimage.gaussian_filter(to_backend(view, backend), 1.5, output=out)
    assert r is out
    assert_matches(out, ndi.gaussian_filter(view, 1.5, output=np.float64), rtol=1e-6)
    ro = np.broadcast_to(base[:, :, 0], (3, 18, 24))  # read-only, zero stride
    assert_matches(cupix.ndimage.gaussian_filter(to_backend(ro, backend), 1.0), ndi.gaussian_filter(ro, 1.0))


def test_gaussian_filter_bad_inputs(backend):
    x = to_backend(np.zeros((4, 5, 6)), backend)
    with pytest.raises(RuntimeError, match="sequence argument"):
        cupix.ndimage.gaussian_filter(x, [1.0, 2.0])
    with pytest.raises(RuntimeError, match="sequence argument"):
        cupix.ndimage.gaussian_filter(x, 1.0, order=[0, 1])
    with pytest.raises(ValueError, match="axes must be unique"):
        cupix.ndimage.gaussian_filter(x, 1.0, axes=(0, 0))
    with pytest.raises(ValueError, match="out of range"):
        cupix.ndimage.gaussian_filter(x, 1.0, axes=(3,))
    with pytest.raises(RuntimeError, match="boundary mode"):
        cupix.ndimage.gaussian_filter(x, 1.0, mode="reflective")
    with pytest.raises(ValueError, match="Radius"):
        cupix.ndimage.gaussian_filter(x, 1.0, radius=-2)
    with pytest.raises(ValueError, match="order"):
        cupix.ndimage.gaussian_filter(x, 1.0, order=-1)


def test_gaussian_filter_nan_and_empty(backend):
    x = np.ones((6, 7))
    x[2, 3] = np.nan
    assert_matches(cupix.ndimage.gaussian_filter(to_backend(x, backend), 1.0), ndi.gaussian_filter(x, 1.0))
    e = np.zeros((0, 4), np.float32)
    assert_matches(cupix.ndimage.gaussian_filter(to_backend(e, backend), 1.0), ndi.gaussian_filter(e, 1.0))
    s = np.array(3.5)
    assert_matches(cupix.ndimage.gaussian_filter(to_backend(s, backend), 1.0), ndi.gaussian_filter(s, 1.0))


@pytest.mark.parametrize("size", [1, 2, 3, 6, 11])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode", ["reflect", "constant", "nearest", "mirror", "wrap"])
def test_uniform_filter1d(backend, size, dtype, mode):
    rng = np.random.default_rng()
    x = random_image(rng, (13, 21), dtype)
    origin = int(rng.integers(-(size // 2), (size - 1) // 2 + 1))
    kw = dict(axis=int(rng.integers(0, 2)), mode=mode, cval=3.0, origin=origin)
    assert_matches(cupix.ndimage.uniform_filter1d(to_backend(x, backend), size, **kw),
                   ndi.uniform_filter1d(x, size, **kw))


@pytest.mark.parametrize("mode", ["reflect", "constant", "nearest", "mirror", "wrap", "grid-wrap"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
def test_uniform_filter(backend, mode, dtype, shape):
    rng = np.random.default_rng()
    x = random_image(rng, shape, dtype)
    size = [int(s) for s in rng.integers(1, 6, len(shape))]
    assert_matches(cupix.ndimage.uniform_filter(to_backend(x, backend), size, mode=mode, cval=1.0),
                   ndi.uniform_filter(x, size, mode=mode, cval=1.0), int_tol=len(shape))


@pytest.mark.parametrize("kw", [dict(size=4), dict(size=5, origin=[1, -2, 0]), dict(size=3, axes=(0, 2)),
                                dict(size=[2, 7], axes=[-1, 0]), dict(size=1), dict(size=3, axes=()),
                                dict(size=4, mode=["wrap", "constant", "mirror"], cval=2.5),
                                dict(size=3, output=np.float32)],
                         ids=lambda k: "-".join(f"{a}={b}" for a, b in k.items()))
def test_uniform_filter_arguments(backend, kw):
    rng = np.random.default_rng()
    x = rng.standard_normal((9, 14, 11))
    kw = dict(kw)
    size = kw.pop("size")
    assert_matches(cupix.ndimage.uniform_filter(to_backend(x, backend), size, **kw), ndi.uniform_filter(x, size, **kw))


def test_uniform_filter_bad_inputs(backend):
    x = to_backend(np.zeros((4, 5)), backend)
    with pytest.raises(RuntimeError, match="incorrect filter size"):
        cupix.ndimage.uniform_filter1d(x, 0)
    with pytest.raises(ValueError, match="invalid origin"):
        cupix.ndimage.uniform_filter1d(x, 3, origin=2)
    with pytest.raises(RuntimeError, match="sequence argument"):
        cupix.ndimage.uniform_filter(x, [3, 3, 3])
    with pytest.raises(ValueError, match="axes must be unique"):
        cupix.ndimage.uniform_filter(x, 3, axes=(1, 1))
    with pytest.raises(np.exceptions.AxisError):
        cupix.ndimage.uniform_filter1d(x, 3, axis=-3)


@pytest.mark.parametrize("func", ["sobel", "prewitt"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("mode", ["reflect", "constant", "nearest", "mirror", "wrap"])
def test_sobel_prewitt(backend, func, dtype, shape, mode):
    rng = np.random.default_rng()
    x = random_image(rng, shape, dtype)
    axis = int(rng.integers(-len(shape), len(shape)))
    expected = getattr(ndi, func)(x, axis=axis, mode=mode, cval=1.0)
    result = getattr(cupix.ndimage, func)(to_backend(x, backend), axis=axis, mode=mode, cval=1.0)
    assert_matches(result, expected)


def test_sobel_per_axis_modes_output_and_errors(backend):
    rng = np.random.default_rng()
    x = rng.standard_normal((10, 12, 7))
    kw = dict(axis=1, mode=["wrap", "constant", "nearest"], output=np.float32)
    assert_matches(cupix.ndimage.sobel(to_backend(x, backend), **kw), ndi.sobel(x, **kw))
    with pytest.raises(np.exceptions.AxisError):
        cupix.ndimage.sobel(to_backend(x, backend), axis=3)
    with pytest.raises(RuntimeError, match="sequence argument"):
        cupix.ndimage.prewitt(to_backend(x, backend), mode=["wrap", "constant"])
    with pytest.raises(np.exceptions.AxisError):
        cupix.ndimage.sobel(to_backend(np.array(1.0), backend))


@pytest.mark.parametrize("func", ["correlate", "convolve"])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
def test_correlate_convolve(backend, func, mode, dtype, shape):
    rng = np.random.default_rng()
    x = random_image(rng, shape, dtype)
    wshape = tuple(int(n) for n in rng.integers(1, 5, len(shape)))
    weights = rng.standard_normal(wshape) if dtype[0] == "f" else rng.random(wshape) / np.prod(wshape)
    weights[rng.random(wshape) < 0.2] = 0.0  # zero weights leave the footprint
    origin = [int(rng.integers(-(n // 2), (n - 1) // 2 + 1)) for n in wshape]
    kw = dict(mode=mode, cval=0.5, origin=origin)
    expected = getattr(ndi, func)(x, weights, **kw)
    assert_matches(getattr(cupix.ndimage, func)(to_backend(x, backend), weights, **kw), expected)


@pytest.mark.parametrize("kw", [dict(axes=(0, 2)), dict(axes=(2, 0), origin=(1, 0)), dict(axes=[-1]),
                                dict(origin=-1), dict(output=np.float32), dict(mode="grid-wrap")],
                         ids=lambda k: "-".join(f"{a}={b}" for a, b in k.items()))
@pytest.mark.parametrize("func", ["correlate", "convolve"])
def test_correlate_convolve_arguments(backend, func, kw):
    rng = np.random.default_rng()
    x = rng.standard_normal((10, 13, 9))
    naxes = len(kw["axes"]) if "axes" in kw else 3
    weights = rng.standard_normal((3, 4, 3)[:naxes])
    expected = getattr(ndi, func)(x, weights, **kw)
    assert_matches(getattr(cupix.ndimage, func)(to_backend(x, backend), weights, **kw), expected)


def test_correlate_nan_zero_weights_and_aliasing(backend):
    x = np.array([[1.0, np.nan, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])
    w = np.array([[0.0, 0.0, 0.0], [1.0, 1e-17, 1.0], [0.0, 0.0, 0.0]])
    assert_matches(cupix.ndimage.correlate(to_backend(x, backend), w), ndi.correlate(x, w))
    y = np.random.default_rng().standard_normal((8, 9))
    yb = to_backend(y.copy(), backend)
    cupix.ndimage.correlate(yb, np.ones((3, 3)), output=yb)
    assert_matches(yb, ndi.correlate(y, np.ones((3, 3))))


def test_correlate_bad_inputs(backend):
    x = to_backend(np.zeros((4, 5)), backend)
    with pytest.raises(RuntimeError, match="must match len"):
        cupix.ndimage.correlate(x, np.ones(3))
    with pytest.raises(RuntimeError, match="must match len"):
        cupix.ndimage.correlate(x, np.ones((0, 3)))
    with pytest.raises(ValueError, match="Invalid origin"):
        cupix.ndimage.convolve(x, np.ones((3, 3)), origin=2)
    with pytest.raises(RuntimeError, match="sequence of modes"):
        cupix.ndimage.correlate(x, np.ones((3, 3)), mode=["wrap", "reflect"])
    with pytest.raises(RuntimeError, match="float16"):
        cupix.ndimage.correlate(to_backend(np.zeros((3, 3), np.float16), backend), np.ones((3, 3)))
    with pytest.raises(ValueError, match="axes must be unique"):
        cupix.ndimage.correlate(x, np.ones((3, 3)), axes=(0, 0))


def _derivative_input(rng, shape, dtype):
    """Inputs for the summed-derivative filters: integer ranges small enough that squares and sums
    stay inside the dtype (where NumPy's own overflow behaviour is platform-dependent)."""
    if np.dtype(dtype).kind in "ui":
        return rng.integers(0, 12, shape).astype(dtype)
    return random_image(rng, shape, dtype)


# Gaussian derivatives of unsigned images go negative and wrap in every intermediate pass, so a
# one-ulp difference in a float sum can move a result anywhere: SciPy's own output is
# platform-sensitive there. laplace's integer weights are exact, so it is tested on every dtype.
LAPLACE_CASES = [("laplace", d) for d in DTYPES] + [
    (f, d) for f in ("gaussian_laplace", "gaussian_gradient_magnitude") for d in DTYPES if d[0] != "u"]


@pytest.mark.parametrize("func,dtype", LAPLACE_CASES)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("mode", ["reflect", "constant", "nearest", "mirror", "wrap"])
def test_laplace_family(backend, func, dtype, shape, mode):
    rng = np.random.default_rng()
    x = _derivative_input(rng, shape, dtype)
    args = () if func == "laplace" else (float(rng.uniform(0.6, 2.0)),)
    expected = getattr(ndi, func)(x, *args, mode=mode, cval=1.0)
    result = getattr(cupix.ndimage, func)(to_backend(x, backend), *args, mode=mode, cval=1.0)
    assert_matches(result, expected, int_tol=2 * len(shape))


_COMMON_KW = [dict(axes=(0, 2)), dict(axes=[-1]), dict(axes=()), dict(output=np.float32),
              dict(mode=["wrap", "constant", "nearest"])]
_GAUSSIAN_KW = [dict(truncate=2.0), dict(radius=3)]


@pytest.mark.parametrize("func,kw", [("laplace", k) for k in _COMMON_KW] + [
    (f, k) for f in ("gaussian_laplace", "gaussian_gradient_magnitude") for k in _COMMON_KW + _GAUSSIAN_KW],
    ids=lambda v: v if isinstance(v, str) else "-".join(f"{a}={b}" for a, b in v.items()))
def test_laplace_family_arguments(backend, func, kw):
    rng = np.random.default_rng()
    x = rng.standard_normal((9, 12, 10))
    kw = dict(kw)
    if "mode" in kw and "axes" not in kw:
        kw["mode"] = kw["mode"][:3]
    args = () if func == "laplace" else (1.3,)
    expected = getattr(ndi, func)(x, *args, **kw)
    assert_matches(getattr(cupix.ndimage, func)(to_backend(x, backend), *args, **kw), expected)


def test_generic_laplace_and_gradient_magnitude(backend):
    rng = np.random.default_rng()
    x = rng.standard_normal((11, 13))

    def d2(inp, axis, output, mode, cval):
        return cupix.ndimage.correlate1d(inp, [1, -2, 1], axis, output, mode, cval)

    def d1(inp, axis, output, mode, cval, sigma):
        order = [0] * inp.ndim
        order[axis] = 1
        return cupix.ndimage.gaussian_filter(inp, sigma, order, output, mode, cval)

    assert_matches(cupix.ndimage.generic_laplace(to_backend(x, backend), d2), ndi.laplace(x))
    assert_matches(cupix.ndimage.generic_gradient_magnitude(to_backend(x, backend), d1, extra_arguments=(1.5,)),
                   ndi.gaussian_gradient_magnitude(x, 1.5))


def test_laplace_family_bad_inputs(backend):
    x = to_backend(np.zeros((4, 5)), backend)
    with pytest.raises(RuntimeError, match="sequence argument"):
        cupix.ndimage.laplace(x, mode=["wrap", "wrap", "wrap"])
    with pytest.raises(RuntimeError, match="sequence argument"):
        cupix.ndimage.gaussian_laplace(x, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="axes must be unique"):
        cupix.ndimage.gaussian_gradient_magnitude(x, 1.0, axes=(0, 0))
    with pytest.raises(RuntimeError, match="boundary mode"):
        cupix.ndimage.laplace(x, mode="bogus")


@pytest.mark.parametrize("func", ["minimum_filter1d", "maximum_filter1d"])
@pytest.mark.parametrize("size", [1, 2, 3, 6])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode", MODES)
def test_min_max_filter1d(backend, func, size, dtype, mode):
    rng = np.random.default_rng()
    x = random_image(rng, (9, 14, 5), dtype)
    origin = int(rng.integers(-(size // 2), (size - 1) // 2 + 1))
    kw = dict(axis=int(rng.integers(-3, 3)), mode=mode, cval=7.0, origin=origin)
    r = getattr(cupix.ndimage, func)(to_backend(x, backend), size, **kw)
    np.testing.assert_array_equal(to_numpy(r), getattr(ndi, func)(x, size, **kw))


@pytest.mark.parametrize("func", ["minimum_filter", "maximum_filter"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("kind", ["size", "box-footprint", "footprint"])
def test_min_max_filter(backend, func, dtype, shape, kind):
    rng = np.random.default_rng()
    x = random_image(rng, shape, dtype)
    fshape = tuple(int(n) for n in rng.integers(1, 5, len(shape)))
    if kind == "size":
        kw = dict(size=list(fshape))
    else:
        fp = np.ones(fshape, bool) if kind == "box-footprint" else rng.random(fshape) > 0.4
        fp.flat[0] = True
        kw = dict(footprint=fp)
    kw.update(mode=str(rng.choice(["reflect", "constant", "nearest", "mirror", "wrap"])), cval=-3.0,
              origin=[int(rng.integers(-(n // 2), (n - 1) // 2 + 1)) for n in fshape])
    r = getattr(cupix.ndimage, func)(to_backend(x, backend), **kw)
    np.testing.assert_array_equal(to_numpy(r), getattr(ndi, func)(x, **kw))


@pytest.mark.parametrize("kw", [dict(size=3, axes=(0, 2)), dict(size=[2, 4], axes=(2, 0), origin=(0, 1)),
                                dict(footprint=np.array([[1, 0, 1], [0, 1, 0]], bool), axes=(1, 2)),
                                dict(size=3, mode=["wrap", "constant", "mirror"]), dict(size=3, output=np.float32)],
                         ids=lambda k: "-".join(f"{a}={b}" for a, b in k.items() if a != "footprint"))
def test_min_max_filter_arguments(backend, kw):
    rng = np.random.default_rng()
    x = rng.standard_normal((8, 11, 9))
    for func in ("minimum_filter", "maximum_filter"):
        r = getattr(cupix.ndimage, func)(to_backend(x, backend), **kw)
        np.testing.assert_array_equal(to_numpy(r), getattr(ndi, func)(x, **kw))


def test_min_max_filter_bad_inputs(backend):
    x = to_backend(np.zeros((4, 5)), backend)
    with pytest.raises(RuntimeError, match="no footprint"):
        cupix.ndimage.minimum_filter(x)
    with pytest.raises(ValueError, match="All-zero footprint"):
        cupix.ndimage.maximum_filter(x, footprint=np.zeros((3, 3), bool))
    with pytest.raises(RuntimeError, match="incorrect filter size"):
        cupix.ndimage.minimum_filter1d(x, 0)
    with pytest.raises(ValueError, match="invalid origin"):
        cupix.ndimage.maximum_filter1d(x, 3, origin=2)
    with pytest.raises(ValueError, match="invalid origin"):
        cupix.ndimage.maximum_filter(x, footprint=np.array([[1, 0], [0, 1]], bool), origin=1)
    with pytest.raises(RuntimeError, match="sequence of modes"):
        cupix.ndimage.minimum_filter(x, footprint=np.array([[1, 0], [0, 1]], bool), mode=["wrap", "wrap"])
    with pytest.raises(RuntimeError, match="must match len"):
        cupix.ndimage.minimum_filter(x, footprint=np.array([1, 0, 1], bool))
    with pytest.raises(TypeError):
        cupix.ndimage.minimum_filter(to_backend(np.zeros((3, 3), np.complex64), backend), size=3)
