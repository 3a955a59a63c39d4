"""cupix.io onto a GPU: Slide reads with device="cuda" (CPU decoding copied through pinned memory,
and nvJPEG's batched decoder) against the CPU reader, and read_file_to_device against the file's
bytes. Every test skips, saying why, where there is no GPU."""
import os

import numpy as np
import pytest

from cupix import _core

if not _core.built_with_io():
    pytest.skip("cupix was built without cupix.io", allow_module_level=True)

import cupix.io as cio  # noqa: E402
from conftest import _cuda_reason  # noqa: E402
from test_io_slide import slides  # noqa: E402,F401  (the session fixture of test slides)

if _cuda_reason:
    pytest.skip(f"reads onto a GPU: {_cuda_reason}", allow_module_level=True)
import cupy  # noqa: E402

needs_nvjpeg = pytest.mark.skipif(not cio.nvjpeg_available(), reason="nvJPEG is not available here")

# The largest difference from libjpeg-turbo measured on the H100 (test_nvjpeg_matches_cpu_decoder):
# chroma upsampling and colour conversion are libjpeg's own (io/assemble.cu), but nvJPEG's inverse
# DCT rounds otherwise than libjpeg's integer one, by a unit in Y and in each chroma sample (1.4 %
# of values differ, by 3 at most).
NVJPEG_MAX_DIFFERENCE = 3


def locations(rng, slide, level, n, whole_pixels):
    """Corners inside, across the right and bottom edges, beyond them, and left of / above 0."""
    w0, h0 = slide.dimensions
    ds = slide.level_downsamples[level]
    step = int(ds) if whole_pixels else 1
    xs = rng.integers(-300, w0 + 100, n) // step * step
    ys = rng.integers(-300, h0 + 100, n) // step * step
    return np.stack([xs, ys], 1)


def host_regions(s, locs, size, level, fill=255):
    return np.concatenate(list(s.read_regions(locs, size, level=level, batch_size=len(locs), fill=fill)))


@pytest.mark.parametrize("name", ["jpeg", "jpeg-rgb", "zstd", "aperio", "philips"])
def test_cpu_decoder_onto_gpu_equals_cpu_read(slides, name):
    s = cio.Slide(slides[name])
    rng = np.random.default_rng()
    for level in range(s.level_count):
        locs = locations(rng, s, level, 37, whole_pixels=False)
        size = (int(rng.integers(1, 300)), int(rng.integers(1, 300)))
        want = host_regions(s, locs, size, level)
        got = list(s.read_regions(locs, size, level=level, batch_size=16, device="cuda", decoder="cpu"))
        assert all(isinstance(b, cupy.ndarray) and b.dtype == np.uint8 for b in got)
        np.testing.assert_array_equal(np.concatenate([b.get() for b in got]), want)
        x, y = (int(v) for v in locs[0])
        one = s.read_region((x, y), level, size, device="cuda", decoder="cpu")
        np.testing.assert_array_equal(one.get(), want[0])


@needs_nvjpeg
@pytest.mark.parametrize("size", [(256, 256), (97, 301), (1, 1)])
def test_nvjpeg_matches_cpu_decoder(slides, size):
    """nvJPEG against libjpeg-turbo: pixels outside the slide exact, inside within the rounding of
    its IDCT and chroma upsampling (the limit below, measured on the H100)."""
    s = cio.Slide(slides["jpeg"])
    rng = np.random.default_rng()
    for level in range(s.level_count):
        if s.level_downsamples[level] != int(s.level_downsamples[level]):
            continue  # no whole pixels of the level but at 0: blends, decoded on the CPU
        locs = locations(rng, s, level, 41, whole_pixels=True)
        for fill in (255, 0):
            want = host_regions(s, locs, size, level, fill)
            got = np.concatenate([b.get() for b in s.read_regions(locs, size, level=level, batch_size=13, fill=fill,
                                                                  device="cuda", decoder="nvjpeg")])
            assert got.shape == want.shape and got.dtype == want.dtype
            d = np.abs(got.astype(np.int16) - want.astype(np.int16))
            assert d.max(initial=0) <= NVJPEG_MAX_DIFFERENCE, (level, d.max(), (d > 0).mean())
            assert d.mean() < 0.5
            # Outside the slide nothing is decoded: exactly the fill value.
            outside = outside_mask(s, locs, size, level)
            assert np.all(got[outside] == fill) and np.all(want[outside] == fill)


def outside_mask(s, locs, size, level):
    """Which pixels of regions at whole level pixels lie outside the level (OpenSlide's rule for
    negative corners: whole level pixels before 0 are skipped, then the level is read from 0)."""
    w, h = size
    lw, lh = s.level_dimensions[level]
    ds = s.level_downsamples[level]
    masks = []
    for x, y in locs:
        sx, sy = (min(int(-v / ds), n) if v < 0 else 0 for v, n in ((x, w), (y, h)))
        px = max(x, 0) // int(ds) + np.arange(w) - sx
        py = max(y, 0) // int(ds) + np.arange(h) - sy
        masks.append(((py < 0) | (py >= lh) | (np.arange(h) < sy))[:, None] |
                     ((px < 0) | (px >= lw) | (np.arange(w) < sx))[None, :])
    return np.stack(masks)


@needs_nvjpeg
def test_auto_decoder_picks_nvjpeg_only_where_it_applies(slides):
    s = cio.Slide(slides["jpeg"])
    aligned = [(0, 0), (512, 256), (1024, 768)]
    assert s._native().nvjpeg_applies(np.ravel(aligned).tolist(), 0)
    want = host_regions(s, aligned, (256, 256), 0)
    auto = next(s.read_regions(aligned, (256, 256), device="cuda")).get()
    assert np.abs(auto.astype(int) - want).max() <= NVJPEG_MAX_DIFFERENCE
    # Between level-1 pixels (a blend) and RGB-coded JPEG: the CPU decoder, exactly.
    odd = [(1, 3), (515, 257)]
    assert not s._native().nvjpeg_applies(np.ravel(odd).tolist(), 1)
    np.testing.assert_array_equal(next(s.read_regions(odd, (64, 64), level=1, device="cuda")).get(),
                                  host_regions(s, odd, (64, 64), 1))
    rgb = cio.Slide(slides["jpeg-rgb"])
    assert not rgb._native().nvjpeg_applies([0, 0], 0)
    np.testing.assert_array_equal(next(rgb.read_regions(aligned, (256, 256), device="cuda")).get(),
                                  host_regions(rgb, aligned, (256, 256), 0))


def test_nvjpeg_refuses_what_it_cannot_decode(slides):
    for name, level, locs in [("jpeg-rgb", 0, [(0, 0)]), ("zstd", 0, [(0, 0)]), ("jpeg", 1, [(1, 0)])]:
        s = cio.Slide(slides[name])
        with pytest.raises(NotImplementedError, match="nvJPEG"):
            list(s.read_regions(locs, (16, 16), level=level, device="cuda", decoder="nvjpeg"))


@needs_nvjpeg
def test_nvjpeg_on_corrupt_tiles(slides, tmp_path):
    """A tile that is not JPEG data is a clear error; garbage inside one is an error or pixels,
    never a crash."""
    import tifffile

    src = slides["jpeg"]
    with tifffile.TiffFile(src) as t:
        page = t.pages[0]
        offset, count = page.dataoffsets[5], page.databytecounts[5]
        tile_w = page.tilewidth
    data = bytearray(open(src, "rb").read())
    bad = tmp_path / "not-jpeg.tif"
    data[offset:offset + 4] = b"\0\0\0\0"
    bad.write_bytes(bytes(data))
    s = cio.Slide(bad)
    with pytest.raises(OSError, match="not JPEG data"):
        list(s.read_regions([(5 * tile_w, 0)], (8, 8), device="cuda", decoder="nvjpeg"))
    data[offset:offset + 4] = open(src, "rb").read()[offset:offset + 4]
    rng = np.random.default_rng()
    data[offset + count // 2:offset + count - 2] = rng.integers(0, 256, count - 2 - count // 2, dtype=np.uint8).tobytes()
    garbled = tmp_path / "garbled.tif"
    garbled.write_bytes(bytes(data))
    s = cio.Slide(garbled)
    try:
        out = next(s.read_regions([(5 * tile_w, 0), (0, 0)], (tile_w, tile_w), device="cuda", decoder="nvjpeg"))
    except OSError:
        return
    assert out.shape == (2, tile_w, tile_w, 3)
    # The intact tile is still right.
    want = host_regions(cio.Slide(src), [(0, 0)], (tile_w, tile_w), 0)
    assert np.abs(out[1].get().astype(int) - want[0]).max() <= NVJPEG_MAX_DIFFERENCE


@pytest.mark.parametrize("decoder", ["cpu", "auto"])
def test_gpu_reads_follow_the_current_stream(slides, decoder):
    s = cio.Slide(slides["jpeg"])
    locs = [(0, 0), (300, 200), (768, 512)]
    want = host_regions(s, locs, (128, 96), 0)
    stream = cupy.cuda.Stream(non_blocking=True)
    with stream:
        batches = list(s.read_regions(locs, (128, 96), batch_size=2, device="cuda", decoder=decoder))
        got = cupy.concatenate(batches).get()  # ordered after the reads on this stream
    limit = 0 if decoder == "cpu" else NVJPEG_MAX_DIFFERENCE
    assert np.abs(got.astype(int) - want).max() <= limit


def test_bad_device_arguments(slides):
    s = cio.Slide(slides["jpeg"])
    with pytest.raises(ValueError, match="device"):
        s.read_region((0, 0), 0, (4, 4), device="gpu")
    with pytest.raises(ValueError, match="no GPU"):
        s.read_region((0, 0), 0, (4, 4), device="cuda:99")
    with pytest.raises(ValueError, match="decoder"):
        s.read_regions([(0, 0)], (4, 4), device="cuda", decoder="turbo")


@pytest.fixture(scope="module")
def random_file(tmp_path_factory):
    rng = np.random.default_rng()
    data = rng.integers(0, 256, (40 << 20) + 13, dtype=np.uint8)
    path = tmp_path_factory.mktemp("raw") / "data.bin"
    data.tofile(path)
    return path, data


def test_read_file_to_device(random_file):
    path, data = random_file
    assert cio.file_to_device_method() in ("cufile", "pinned")
    rng = np.random.default_rng()
    cases = [(0, None), (0, 0), (len(data) - 1, 1), (4095, 4098), (1, (16 << 20) + 5), (5000, (33 << 20) + 77)]
    cases += [(int(o), int(rng.integers(0, len(data) - o))) for o in rng.integers(0, len(data), 6)]
    for offset, size in cases:
        got = cio.read_file_to_device(path, offset, size)
        end = len(data) if size is None else offset + size
        assert isinstance(got, cupy.ndarray) and got.dtype == np.uint8 and got.shape == (end - offset,)
        np.testing.assert_array_equal(got.get(), data[offset:end])


def test_read_file_to_device_errors(random_file, tmp_path):
    path, data = random_file
    with pytest.raises(OSError, match="past its end"):
        cio.read_file_to_device(path, len(data) - 10, 11)
    with pytest.raises(ValueError, match="negative"):
        cio.read_file_to_device(path, -1, 10)
    with pytest.raises(OSError, match="cannot open"):
        cio.read_file_to_device(tmp_path / "missing.bin", 0, 1)
    with pytest.raises(ValueError, match="GPU"):
        cio.read_file_to_device(path, 0, 1, device="cpu")
    with pytest.raises(TypeError):
        cio.read_file_to_device(path, 0.5, 1)
