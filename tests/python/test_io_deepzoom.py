"""cupix.io.DeepZoomGenerator against openslide.deepzoom.DeepZoomGenerator on the test slides:
levels, tile counts, tile coordinates and sizes, the DZI descriptor (all equal), and the tiles'
pixels (within the few units by which region reads between pixels may differ; equal where the
tile is read at a level's own pixels)."""
import numpy as np
import pytest

from cupix import _core

if not _core.built_with_io():
    pytest.skip("cupix was built without cupix.io", allow_module_level=True)

import cupix.io as cio  # noqa: E402

openslide = pytest.importorskip("openslide")
from openslide.deepzoom import DeepZoomGenerator as ReferenceGenerator  # noqa: E402
from test_io_slide import slides  # noqa: E402,F401  (the session fixture of test slides)


def pairs(path, **kwargs):
    return cio.DeepZoomGenerator(cio.OpenSlide(path), **kwargs), ReferenceGenerator(openslide.OpenSlide(path), **kwargs)


@pytest.mark.parametrize("name", ["jpeg", "deflate", "aperio", "tile-240"])
@pytest.mark.parametrize("tile_size, overlap, limit_bounds", [(254, 1, False), (256, 0, True), (200, 3, False)])
def test_geometry_matches_openslide(slides, name, tile_size, overlap, limit_bounds):
    ours, ref = pairs(slides[name], tile_size=tile_size, overlap=overlap, limit_bounds=limit_bounds)
    assert ours.level_count == ref.level_count
    assert ours.level_dimensions == ref.level_dimensions
    assert ours.level_tiles == ref.level_tiles
    assert ours.tile_count == ref.tile_count
    for fmt in ("jpeg", "png"):
        assert ours.get_dzi(fmt) == ref.get_dzi(fmt)
    for level in range(ref.level_count):
        cols, rows = ref.level_tiles[level]
        for address in {(0, 0), (cols - 1, rows - 1), (cols // 2, rows - 1), (cols - 1, 0), (cols // 3, rows // 2)}:
            assert ours.get_tile_coordinates(level, address) == ref.get_tile_coordinates(level, address)
            assert ours.get_tile_dimensions(level, address) == ref.get_tile_dimensions(level, address)


@pytest.mark.parametrize("name", ["jpeg", "aperio", "deflate-horizontal"])
def test_tiles_match_openslide(slides, name):
    ours, ref = pairs(slides[name])
    rng = np.random.default_rng()
    for level in range(ref.level_count):
        cols, rows = ref.level_tiles[level]
        addresses = [(c, r) for c in range(cols) for r in range(rows)]
        for i in rng.permutation(len(addresses))[:6]:
            address = addresses[i]
            a, b = ours.get_tile(level, address), ref.get_tile(level, address)
            assert a.mode == b.mode == "RGB" and a.size == b.size
            d = np.abs(np.asarray(a).astype(int) - np.asarray(b).astype(int))
            location, slide_level, _ = ref.get_tile_coordinates(level, address)
            downsample = ref._osr.level_downsamples[slide_level]
            if all(v % downsample == 0 for v in location) and a.size == ref.get_tile_coordinates(level, address)[2]:
                assert d.max(initial=0) == 0, (level, address)  # read at the level's own pixels, unscaled
            else:
                assert d.max(initial=0) <= 4, (level, address, d.max())


def test_generator_over_openslide_objects_and_errors(slides):
    # Any object with OpenSlide's interface works, openslide's own included.
    ours = cio.DeepZoomGenerator(openslide.OpenSlide(slides["jpeg"]))
    ref = ReferenceGenerator(openslide.OpenSlide(slides["jpeg"]))
    top = ref.level_count - 1
    np.testing.assert_array_equal(np.asarray(ours.get_tile(top, (1, 1))), np.asarray(ref.get_tile(top, (1, 1))))
    assert "tile_size=254" in repr(ours)
    for level, address in [(-1, (0, 0)), (ref.level_count, (0, 0)), (top, (99, 0)), (top, (0, -1)), (top, (0,))]:
        with pytest.raises(ValueError):
            ours.get_tile(level, address)
