"""cupix.io against OpenSlide (openslide-python + openslide-bin) on slides made here by libvips
and tifffile (tools/test_slides.py): properties, levels, read_region at every level (aligned,
unaligned, across and outside the edges), associated images, thumbnails, the native Slide face,
the batch reader, threads, and bad files."""
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from cupix import _core

if not _core.built_with_io():
    pytest.skip("cupix was built without cupix.io", allow_module_level=True)

import cupix.io as cio  # noqa: E402

openslide = pytest.importorskip("openslide")
tifffile = pytest.importorskip("tifffile")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools"))
import test_slides  # noqa: E402

# vips options per variant: every codec, predictors, and JPEG stored as RGB rather than YCbCr.
VARIANTS = {
    "jpeg": ("jpeg", ()),
    "jpeg-rgb": ("jpeg", ("--rgbjpeg",)),
    "deflate": ("deflate", ("--predictor", "none")),
    "deflate-horizontal": ("deflate", ("--predictor", "horizontal")),
    "lzw": ("lzw", ("--predictor", "none")),
    "lzw-horizontal": ("lzw", ("--predictor", "horizontal")),
    "zstd": ("zstd", ()),
    "none": ("none", ()),
    "tile-240": ("deflate", ("tile", 240)),
}


class SlideFiles(dict):
    """The test slides in a directory, each made there on first use unless a file of its name
    exists: a machine without libvips is given a directory made elsewhere (CUPIX_TEST_SLIDES), and
    tests of slides that it lacks and cannot make skip."""

    def __init__(self, d):
        super().__init__()
        self.dir = os.fspath(d)
        base = lambda p: test_slides.write_base(p, 1111, 1533, seed=7)  # noqa: E731
        self.makers = {"base": ("base.tif", base)}
        for name, (comp, extra) in VARIANTS.items():
            kw = {"tile": extra[1]} if extra[:1] == ("tile",) else {"extra": extra}
            self.makers[name] = (f"{name}.tif", self._vips(comp, **kw))
        self.makers["webp"] = ("webp.tif", self._vips("webp", extra=("--lossless",)))
        self.makers["aperio"] = ("aperio.svs", test_slides.aperio)
        self.makers["philips"] = ("philips.tiff", test_slides.philips)
        self.makers["philips-label-dir"] = (
            "philips-label-dir.tiff", lambda p: test_slides.philips(p, h=900, w=1300, label_in_xml=False))

    def _vips(self, comp, **kw):
        def make(path):
            if shutil.which("vips") is None:
                message = "libvips-tools (vips) is needed to make this test slide; run scripts/setup"
                pytest.skip(message) if os.environ.get("CUPIX_TEST_SLIDES") else pytest.fail(message)
            return test_slides.vips_pyramid(self["base"], path, comp, **kw)
        return make

    def __missing__(self, name):
        file, make = self.makers[name]
        path = os.path.join(self.dir, file)
        if not os.path.exists(path):
            make(path)
        self[name] = path
        return path


@pytest.fixture(scope="session")
def slides(tmp_path_factory):
    return SlideFiles(os.environ.get("CUPIX_TEST_SLIDES") or tmp_path_factory.mktemp("slides"))


def premultiplied(img):
    a = np.asarray(img).astype(np.int64)
    return np.concatenate([a[..., :3] * a[..., 3:] // 255, a[..., 3:]], -1)


def assert_same_region(ours, ref, exact):
    assert ours.mode == "RGBA" and ours.size == ref.size
    if exact:
        np.testing.assert_array_equal(np.asarray(ours), np.asarray(ref))
    else:  # between pixels: Cairo's bilinear rounding differs by a few units (premultiplied)
        d = np.abs(premultiplied(ours) - premultiplied(ref))
        opaque = np.asarray(ref)[..., 3] == 255
        # Inside the slide within 3 (most reads within 2). At its edges, where alpha is partial,
        # the blend's 7-bit weights meet a step from 0 to 255 (a weight one unit off moves a value
        # by 2 per axis), and colour has been through openslide-python's truncating
        # un-premultiplication: within 4. Measured over 1800 random reads per bound.
        assert d[opaque][..., :3].max(initial=0) <= 3, d[opaque].max()
        assert d.max() <= 4, d.max()


def regions(rng, w0, h0, ds):
    """Aligned (level-pixel) positions inside, across the right/bottom edges, outside, and
    negative; then unaligned ones."""
    aligned = []
    if ds == int(ds):
        d = int(ds)
        aligned = [((int(rng.integers(0, w0 // d)) * d, int(rng.integers(0, h0 // d)) * d),
                    (int(rng.integers(1, 300)), int(rng.integers(1, 300)))) for _ in range(6)]
        aligned += [(((w0 // d - 7) * d, (h0 // d - 5) * d), (20, 11)), ((-3 * d, -2 * d), (9, 7)),
                    ((w0 + 10 * d, 0), (5, 5))]
    unaligned = [((int(rng.integers(-40, w0)), int(rng.integers(-40, h0))),
                  (int(rng.integers(1, 200)), int(rng.integers(1, 200)))) for _ in range(6)]
    return aligned, unaligned


@pytest.mark.parametrize("name", list(VARIANTS) + ["aperio", "philips", "philips-label-dir"])
def test_matches_openslide(slides, name):
    ref = openslide.OpenSlide(slides[name])
    ours = cio.OpenSlide(slides[name])
    assert ours.level_count == ref.level_count > 1
    assert ours.level_dimensions == ref.level_dimensions
    assert ours.level_downsamples == ref.level_downsamples
    assert dict(ours.properties) == dict(ref.properties)
    assert list(ours.properties) == list(ref.properties)
    assert set(ours.associated_images) == set(ref.associated_images)
    for key in ref.associated_images:
        np.testing.assert_array_equal(np.asarray(ours.associated_images[key]), np.asarray(ref.associated_images[key]))
    rng = np.random.default_rng()
    w0, h0 = ref.dimensions
    for level in range(ref.level_count):
        assert_same_region(ours.read_region((0, 0), level, ref.level_dimensions[level]),
                           ref.read_region((0, 0), level, ref.level_dimensions[level]), exact=True)
        aligned, unaligned = regions(rng, w0, h0, ref.level_downsamples[level])
        for loc, size in aligned:
            assert_same_region(ours.read_region(loc, level, size), ref.read_region(loc, level, size), exact=True)
        for loc, size in unaligned:
            assert_same_region(ours.read_region(loc, level, size), ref.read_region(loc, level, size),
                               exact=level == 0)
    for ds in [0.5, 1, 1.9999, 2, 3.7, 4, 4.01, 8, 100, 1e9]:
        assert ours.get_best_level_for_downsample(ds) == ref.get_best_level_for_downsample(ds)
    for size in [(100, 100), (333, 77), (5000, 5000)]:
        np.testing.assert_array_equal(np.asarray(ours.get_thumbnail(size)), np.asarray(ref.get_thumbnail(size)))
    assert cio.OpenSlide.detect_format(slides[name]) == openslide.OpenSlide.detect_format(slides[name])


def test_webp_lossless_equals_uncompressed(slides):
    # OpenSlide has no WebP; a lossless WebP pyramid must give the uncompressed one's pixels.
    ours = cio.OpenSlide(slides["webp"])
    ref = openslide.OpenSlide(slides["none"])
    assert ours.level_dimensions == ref.level_dimensions
    for level in range(ref.level_count):
        size = ref.level_dimensions[level]
        np.testing.assert_array_equal(np.asarray(ours.read_region((0, 0), level, size)),
                                      np.asarray(ref.read_region((0, 0), level, size)))


def test_level0_equals_tifffile(slides):
    for name in ["deflate", "lzw-horizontal", "zstd", "none"]:
        with tifffile.TiffFile(slides[name]) as t:
            want = t.pages[0].asarray()
        s = cio.Slide(slides[name])
        np.testing.assert_array_equal(s.read_region((0, 0), 0, s.dimensions), want)


def test_native_slide_matches_openslide_face(slides):
    path = slides["jpeg"]
    s, o = cio.Slide(path), cio.OpenSlide(path)
    assert s.level_dimensions == o.level_dimensions and s.level_downsamples == o.level_downsamples
    assert s.properties == dict(o.properties) and s.associated_image_names == ()
    w0, h0 = s.dimensions
    for loc, level, size in [((0, 0), 0, (300, 200)), ((w0 - 50, h0 - 40), 0, (100, 90)), ((-10, -6), 0, (30, 20)),
                             ((128, 64), 1, (200, 150)), ((w0 - 8, 0), 2, (40, 40))]:
        for fill in (255, 0, 17):
            rgb = s.read_region(loc, level, size, fill=fill)
            rgba = np.asarray(o.read_region(loc, level, size))
            assert rgb.shape == (size[1], size[0], 3) and rgb.dtype == np.uint8
            inside = rgba[..., 3] == 255
            np.testing.assert_array_equal(rgb[inside], rgba[..., :3][inside])
            assert (rgb[rgba[..., 3] == 0] == fill).all()
    a = cio.Slide(slides["aperio"])
    np.testing.assert_array_equal(a.read_associated_image("label"),
                                  np.asarray(openslide.OpenSlide(slides["aperio"]).associated_images["label"])[..., :3])


@pytest.mark.parametrize("batch_size,drop_last,shuffle", [(7, False, False), (7, True, True), (64, False, True)])
def test_read_regions_batches(slides, batch_size, drop_last, shuffle):
    s = cio.Slide(slides["jpeg"])
    rng = np.random.default_rng()
    locs = rng.integers(-50, 1500, (45, 2))
    batches = list(s.read_regions(locs, (64, 48), level=1, num_workers=3, batch_size=batch_size,
                                  prefetch=2, shuffle=shuffle, seed=3, drop_last=drop_last))
    order = np.random.default_rng(3).permutation(len(locs)) if shuffle else np.arange(len(locs))
    n = len(locs) // batch_size * batch_size if drop_last else len(locs)
    assert sum(len(b) for b in batches) == n
    got = np.concatenate(batches) if batches else np.empty((0, 48, 64, 3), np.uint8)
    for i, k in enumerate(order[:n]):
        np.testing.assert_array_equal(got[i], s.read_region(tuple(locs[k]), 1, (64, 48)))


@pytest.mark.parametrize("name", ["jpeg", "jpeg-rgb", "zstd", "tile-240", "aperio", "philips"])
def test_read_regions_tile_by_tile(slides, name):
    # A batch at whole pixels inside the image is painted tile by tile: tiles one region covers
    # (decoded straight into it), tiles four regions cover (decoded once, not cached), tiles the
    # batch covers in part (cached for later batches), beside regions past the edges and between
    # pixels of a level, which are read one by one. Each must equal its single-region read.
    s = cio.Slide(slides[name])
    tw = int(s.properties.get("openslide.level[0].tile-width", 256))
    th = int(s.properties.get("openslide.level[0].tile-height", 256))
    w0, h0 = s.dimensions
    rng = np.random.default_rng()
    for shift in (0, tw // 2, int(rng.integers(1, tw))):
        locs = [(x, y) for y in range(shift, h0 - th + 1, th) for x in range(shift, w0 - tw + 1, tw)]
        locs += [(w0 - tw // 2, 5), (-7, h0 - th), (int(rng.integers(0, w0)), int(rng.integers(0, h0)))]
        for level in range(min(s.level_count, 2)):  # level 1: odd locations fall between its pixels
            for batch_size in (len(locs), 5):
                got = np.concatenate(list(s.read_regions(locs, (tw, th), level=level, num_workers=2,
                                                         batch_size=batch_size)))
                for k, loc in enumerate(locs):
                    np.testing.assert_array_equal(got[k], s.read_region(loc, level, (tw, th)),
                                                  err_msg=f"{name} {loc} level {level}")


def test_read_regions_reuses_only_released_batches(slides):
    # Batch memory returns to a pool when its last holder lets go: a batch dropped at once is
    # reused, one whose view is kept is not.
    s = cio.Slide(slides["jpeg"])
    locs = np.random.default_rng().integers(0, 1500, (40, 2))
    want = [s.read_region(tuple(loc), 0, (33, 20)) for loc in locs]
    kept = []
    for k, batch in enumerate(s.read_regions(locs, (33, 20), batch_size=4, prefetch=1)):
        for i in range(len(batch)):
            np.testing.assert_array_equal(batch[i], want[4 * k + i])
        if k % 3 == 0:
            kept.append((k, batch[1:]))
        del batch
    for k, view in kept:
        for i in range(len(view)):
            np.testing.assert_array_equal(view[i], want[4 * k + 1 + i])


def test_threads_read_the_same_bytes(slides):
    s = cio.Slide(slides["jpeg"])
    rng = np.random.default_rng()
    jobs = [(tuple(int(v) for v in rng.integers(0, 1400, 2)), int(rng.integers(0, s.level_count))) for _ in range(200)]
    one = [s.read_region(loc, level, (97, 61)) for loc, level in jobs]
    with ThreadPoolExecutor(16) as pool:
        many = list(pool.map(lambda j: s.read_region(j[0], j[1], (97, 61)), jobs))
    for a, b in zip(one, many):
        np.testing.assert_array_equal(a, b)


def test_argument_errors(slides):
    o = cio.OpenSlide(slides["deflate"])
    ref = openslide.OpenSlide(slides["deflate"])
    with pytest.raises(cio.OpenSlideError, match="negative width"):
        o.read_region((0, 0), 0, (-1, 5))
    for size in [(0, 5), (5, 0)]:
        assert o.read_region((0, 0), 0, size).size == ref.read_region((0, 0), 0, size).size
    # A level the slide lacks paints nothing, as in OpenSlide.
    for level in [-1, o.level_count]:
        np.testing.assert_array_equal(np.asarray(o.read_region((0, 0), level, (8, 4))),
                                      np.asarray(ref.read_region((0, 0), level, (8, 4))))
    s = cio.Slide(slides["deflate"])
    with pytest.raises(ValueError, match="level"):
        s.read_region((0, 0), s.level_count, (4, 4))
    with pytest.raises(ValueError, match="negative"):
        s.read_region((0, 0), 0, (4, -4))
    with pytest.raises(TypeError):
        s.read_region((0.5, 0), 0, (4, 4))
    with pytest.raises(ValueError, match="associated"):
        s.read_associated_image("label")
    with pytest.raises(KeyError):
        o.associated_images["macro"]
    o.close()
    with pytest.raises(ValueError, match="closed"):
        o.read_region((0, 0), 0, (4, 4))


def corrupt_copy(src, dst, edit):
    data = bytearray(open(src, "rb").read())
    edit(data)
    open(dst, "wb").write(bytes(data))
    return dst


def tile_location(path, page=0, tile=0):
    with tifffile.TiffFile(path) as t:
        p = t.pages[page]
        return p.dataoffsets[tile], p.databytecounts[tile]


@pytest.mark.parametrize("name", ["jpeg", "deflate", "zstd", "webp", "lzw"])
def test_bad_files_raise_clear_errors(slides, tmp_path, name):
    src = slides[name]
    # Missing, empty, not a TIFF, a stripped (not tiled) TIFF: not a slide.
    for path in [tmp_path / "missing.tif", corrupt_copy(src, tmp_path / "empty.tif", lambda d: d.clear()),
                 corrupt_copy(src, tmp_path / "text.tif", lambda d: d.__setitem__(slice(None), b"not a tiff" * 100)),
                 slides["base"]]:
        with pytest.raises(cio.OpenSlideUnsupportedFormatError):
            cio.OpenSlide(path)
        with pytest.raises((OSError, NotImplementedError)):
            cio.Slide(path)
    # Garbage in a tile's bytes: a clear error, or (for codecs without checks) some pixels.
    off, n = tile_location(src, 0, 1)
    rng = np.random.default_rng()

    def scramble(d):
        d[off + n // 4: off + n] = rng.integers(0, 256, n - n // 4, dtype=np.uint8).tobytes()

    bad = cio.Slide(corrupt_copy(src, tmp_path / "garbage.tif", scramble))
    try:
        bad.read_region((256, 0), 0, (256, 256))
    except OSError as e:
        assert "tile" in str(e)
    # Cut off the end: tiles past it are an error naming the truncation.
    size = os.path.getsize(src)
    with tifffile.TiffFile(src) as t:
        ifd_end = max(p.offset for p in t.pages) + 4096
    if ifd_end < size // 2:  # the directories come first, so the file still opens
        cut = corrupt_copy(src, tmp_path / "cut.tif", lambda d: d.__delitem__(slice(size // 2, None)))
        s = cio.Slide(cut)
        with pytest.raises(OSError, match="truncated|past the end"):
            s.read_region((0, 0), 0, s.dimensions)
        with pytest.raises(cio.OpenSlideError, match="truncated|past the end"):
            cio.OpenSlide(cut).read_region((0, 0), 0, s.dimensions)


def test_corrupt_headers(slides, tmp_path):
    src = slides["deflate"]
    # Absurd tile sizes: the tiles' data no longer fills them.
    for tag in ["TileWidth", "TileLength"]:
        huge = tmp_path / f"huge-{tag}.tif"
        shutil.copy(src, huge)
        with tifffile.TiffFile(huge, mode="r+") as t:
            t.pages[0].tags[tag].overwrite(65520)
        with pytest.raises(OSError, match="corrupt"):
            cio.Slide(huge).read_region((0, 0), 0, (600, 300))
    # Unsupported compression (LZMA) in a level.
    lzma = tmp_path / "lzma.tif"
    shutil.copy(src, lzma)
    with tifffile.TiffFile(lzma, mode="r+") as t:
        t.pages[0].tags["Compression"].overwrite(34925)
    with pytest.raises(NotImplementedError, match="compression 34925"):
        cio.Slide(lzma).read_region((0, 0), 0, (10, 10))
    # A tile byte count reaching past the end of the file (the smallest level's last tile).
    past = tmp_path / "past.tif"
    shutil.copy(src, past)
    with tifffile.TiffFile(past, mode="r+") as t:
        page = t.pages[len(t.pages) - 1]
        counts = list(page.tags["TileByteCounts"].value)
        counts[-1] = os.path.getsize(past) - page.dataoffsets[-1] + 10
        page.tags["TileByteCounts"].overwrite(counts)
    # Opening hashes that level (quickhash-1), as OpenSlide does, so the error comes at open.
    with pytest.raises(OSError, match="past the end"):
        cio.Slide(past)
    with pytest.raises(cio.OpenSlideError, match="past the end"):
        cio.OpenSlide(past)


def test_aperio_missing_tiles_as_openslide(tmp_path):
    """Aperio tiles stored with no bytes: transparent at level 0; at smaller levels painted from
    the larger level, shrunk, and likewise the tiles over a missing one (OpenSlide's rule)."""
    src = test_slides.aperio(tmp_path / "a.svs", h=1500, w=2100, tile=256)
    path = tmp_path / "missing.svs"
    shutil.copy(src, path)
    with tifffile.TiffFile(path, mode="r+") as t:
        tiled = [p for p in t.pages if p.is_tiled]
        for page, tiles in ((tiled[0], [5, 9, 10]), (tiled[1], [1])):
            counts = list(page.databytecounts)
            for k in tiles:
                counts[k] = 0
            page.tags["TileByteCounts"].overwrite(counts)
    ours, ref = cio.OpenSlide(path), openslide.OpenSlide(path)
    assert ours.level_count == ref.level_count == 2
    rng = np.random.default_rng()
    for level in range(2):
        w, h = ref.level_dimensions[level]
        ds = ref.level_downsamples[level]
        np.testing.assert_array_equal(  # the whole level, at its own pixels: within 1 of Cairo's box filter
            np.asarray(ours.read_region((0, 0), level, (w, h)))[..., 3], np.asarray(ref.read_region((0, 0), level, (w, h)))[..., 3])
        assert_same_region(ours.read_region((0, 0), level, (w, h)), ref.read_region((0, 0), level, (w, h)), exact=False)
        for _ in range(5):  # and between pixels
            x, y = int(rng.integers(0, int(w * ds))), int(rng.integers(0, int(h * ds)))
            assert_same_region(ours.read_region((x, y), level, (150, 120)), ref.read_region((x, y), level, (150, 120)),
                               exact=False)


@pytest.mark.parametrize("compression", [33005, 33003])
def test_aperio_jpeg2000_as_openslide(tmp_path, compression):
    """Aperio's JPEG 2000 levels: 33005 holds RGB (equal to OpenSlide's pixels), 33003 YCbCr,
    turned into RGB as OpenSlide does (its tables round a few values the other way: within 1)."""
    pytest.importorskip("imagecodecs")  # the test slide is encoded with it
    path = test_slides.aperio(tmp_path / "j2k.svs", h=900, w=1300, level_compression=compression)
    ours, ref = cio.OpenSlide(path), openslide.OpenSlide(path)
    assert ours.properties["openslide.vendor"] == "aperio" and ours.level_count == ref.level_count == 2
    for level in range(2):
        size = ref.level_dimensions[level]
        a = np.asarray(ours.read_region((0, 0), level, size)).astype(int)
        b = np.asarray(ref.read_region((0, 0), level, size)).astype(int)
        assert np.abs(a - b).max() <= (0 if compression == 33005 else 1)
        assert_same_region(ours.read_region((5, 3), level, (300, 200)), ref.read_region((5, 3), level, (300, 200)),
                           exact=False)
    truth = test_slides.tissue(900, 1300, 0)
    got = cio.Slide(path).read_region((0, 0), 0, (1300, 900))
    assert np.abs(got.astype(int) - truth).max() <= (0 if compression == 33005 else 1)  # lossless codestreams


def test_jpeg2000_tiff_equals_tifffile(tmp_path):
    """TIFF's own JPEG 2000 compression (34712), which OpenSlide cannot read: equal to tifffile's
    decoding, gray and RGB, lossless and lossy (within 1 there: imagecodecs' OpenJPEG rounds the
    inverse colour transform its own way); a corrupt tile is a clear error."""
    pytest.importorskip("imagecodecs")  # the test slide is encoded with it
    rng = np.random.default_rng()
    for shape, photometric in (((700, 900, 3), "rgb"), ((500, 600), "minisblack")):
        img = test_slides.tissue(*shape[:2], int(rng.integers(100)))
        img = img if len(shape) == 3 else img[..., 1].copy()
        for level in (None, 30):  # lossless, then lossy
            path = tmp_path / f"j2k-{len(shape)}-{level}.tif"
            tifffile.imwrite(path, img, tile=(256, 256), compression="jpeg2000", photometric=photometric,
                             compressionargs={} if level is None else {"level": level})
            want = tifffile.imread(path).astype(int)
            got = cio.Slide(path).read_region((0, 0), 0, (shape[1], shape[0])).astype(int)
            assert np.abs((got if len(shape) == 3 else got[..., 0]) - want).max() <= (0 if level is None else 1)
    off, n = tile_location(path, 0, 1)
    bad = corrupt_copy(path, tmp_path / "bad-j2k.tif", lambda d: d.__setitem__(slice(off + 10, off + n), bytes(n - 10)))
    with pytest.raises(OSError, match="JPEG 2000|tile"):
        cio.Slide(bad).read_region((256, 0), 0, (256, 256))


def test_philips_rules(tmp_path):
    """Philips files that break the vendor's rules fail to open, as in OpenSlide; without its
    Software tag the same file is a generic TIFF."""
    pytest.importorskip("imagecodecs")  # the test slide is encoded with it
    import base64
    import re

    src = test_slides.philips(tmp_path / "p.tiff")
    with tifffile.TiffFile(src) as t:
        xml = t.pages[0].description

    def variant(name, new_xml=None, software=None):
        path = tmp_path / name
        shutil.copy(src, path)
        with tifffile.TiffFile(path, mode="r+") as t:
            if new_xml is not None:
                t.pages[0].tags["ImageDescription"].overwrite(new_xml)
            if software is not None:
                t.pages[0].tags["Software"].overwrite(software)
        return path

    second = '<DataObject ObjectType="DPScannedImage"><Attribute Name="PIM_DP_IMAGE_TYPE">WSI</Attribute></DataObject>'
    two_wsi = variant("two.tiff", xml.replace('PMSVR="IDataObjectArray"><Array>', 'PMSVR="IDataObjectArray"><Array>' + second, 1))
    one_spacing = variant("spacing.tiff", re.sub(r'<DataObject ObjectType="PixelDataRepresentation">.*?</DataObject>',
                                                 "", xml, count=1))
    for path in (two_wsi, one_spacing):
        with pytest.raises(openslide.OpenSlideError):
            openslide.OpenSlide(path)
        with pytest.raises(cio.OpenSlideError):
            cio.OpenSlide(path)
    generic = variant("generic.tiff", software="Acme scanner")
    assert cio.OpenSlide.detect_format(generic) == openslide.OpenSlide.detect_format(generic) == "generic-tiff"
    assert cio.OpenSlide.detect_format(src) == "philips"
    # A label whose base64 data is not a JPEG is left out, as OpenSlide leaves it out.
    bad_label = variant("bad-label.tiff", re.sub(r'(PIM_DP_IMAGE_DATA"[^>]*>)[^<]*', lambda m: m.group(1) +
                                                 base64.b64encode(b"not a jpeg").decode(), xml))
    assert set(cio.OpenSlide(bad_label).associated_images) == set(openslide.OpenSlide(bad_label).associated_images)


def test_ome_tiff_levels_and_channels(tmp_path):
    """OME-TIFF pyramids in SubIFDs, read with every level (OpenSlide sees one): multichannel
    16-bit planes and float32 through read_region_raw, RGB through read_region too; equal to
    tifffile's levels; channel names and physical sizes in the properties."""
    rng = np.random.default_rng()
    planes = (rng.random((3, 700, 900)) * 60000).astype(np.uint16)
    multi = tmp_path / "fluo.ome.tif"
    meta = {"axes": "CYX", "PhysicalSizeX": 0.325, "PhysicalSizeY": 0.5, "PhysicalSizeXUnit": "µm",
            "Channel": {"Name": ["DAPI", "FITC", "TRITC"]}}
    with tifffile.TiffWriter(multi, bigtiff=True) as t:
        t.write(planes, subifds=2, tile=(128, 128), compression="zlib", photometric="minisblack", metadata=meta)
        for f in (2, 4):
            t.write(planes[:, ::f, ::f], subfiletype=1, tile=(128, 128), compression="zlib", photometric="minisblack")
    rgb = tmp_path / "rgb.ome.tif"
    img = test_slides.tissue(500, 640, 3)
    with tifffile.TiffWriter(rgb) as t:
        t.write(img, subifds=1, tile=(128, 128), compression="zlib", photometric="rgb",
                metadata={"axes": "YXS", "PhysicalSizeX": 250, "PhysicalSizeXUnit": "nm"})
        t.write(img[::2, ::2], subfiletype=1, tile=(128, 128), compression="zlib", photometric="rgb")
    gray = tmp_path / "float.ome.tif"
    values = rng.standard_normal((333, 517)).astype(np.float32)
    with tifffile.TiffWriter(gray) as t:
        t.write(values, subifds=1, tile=(64, 64), photometric="minisblack", metadata={"axes": "YX"})
        t.write(values[::3, ::3], subfiletype=1, tile=(64, 64), photometric="minisblack")
    for path in (multi, rgb, gray):
        s = cio.Slide(path)
        assert s.properties["openslide.vendor"] == "ome-tiff"
        with tifffile.TiffFile(path) as t:
            series = t.series[0]
            assert s.level_count == len(series.levels)
            for level, lv in enumerate(series.levels):
                ref = lv.asarray()
                ref = np.moveaxis(ref, 0, -1) if series.axes.startswith("C") else ref
                ref = ref[..., None] if ref.ndim == 2 else ref
                h, w = ref.shape[:2]
                got = s.read_region_raw((0, 0), level, (w, h))
                assert got.dtype == ref.dtype and got.shape == ref.shape
                np.testing.assert_array_equal(got, ref)
                ds = s.level_downsamples[level]
                part = s.read_region_raw((int(np.ceil(37 * ds)), int(np.ceil(21 * ds))), level, (w, h))  # zeros past the edges
                np.testing.assert_array_equal(part[: h - 21, : w - 37], ref[21:, 37:])
                assert not part[h - 21:].any() and not part[:, w - 37:].any()
    s = cio.Slide(multi)
    assert [s.properties[f"ome.Channel[{c}].Name"] for c in range(3)] == ["DAPI", "FITC", "TRITC"]
    assert float(s.properties["openslide.mpp-x"]) == 0.325 and float(s.properties["openslide.mpp-y"]) == 0.5
    assert float(cio.Slide(rgb).properties["openslide.mpp-x"]) == 0.25  # nm converted
    with pytest.raises(NotImplementedError, match="16-bit"):
        s.read_region((0, 0), 0, (10, 10))  # not RGB: read_region_raw is the way
    np.testing.assert_array_equal(cio.Slide(rgb).read_region((0, 0), 1, (320, 250)), img[::2, ::2])
