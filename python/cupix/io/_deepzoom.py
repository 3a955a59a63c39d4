"""Deep Zoom tiles of a slide, with ``openslide.deepzoom.DeepZoomGenerator``'s API, levels, tile
geometry and pixels."""
import math
from io import BytesIO
from xml.etree.ElementTree import Element, ElementTree, SubElement

_DZI_NAMESPACE = "http://schemas.microsoft.com/deepzoom/2008"


def _ceil_half(n):
    return max(1, -(-n // 2))


class DeepZoomGenerator:
    """A drop-in for ``openslide.deepzoom.DeepZoomGenerator`` over a :class:`cupix.io.OpenSlide`
    (or any object with OpenSlide's interface).

    Deep Zoom level ``L - 1`` is the slide's level 0 (or, with `limit_bounds`, the area that
    OpenSlide's ``openslide.bounds-*`` properties name), and each level below halves the one above
    (rounding up) down to 1 x 1 pixel. A tile is ``tile_size`` pixels square plus `overlap`
    pixels on each side that has a neighbour. It is read from the slide level whose downsample
    best fits, composited over the slide's background colour, and, where that level is larger
    than the tile, shrunk with PIL's Lanczos filter, exactly as openslide-python does; the region
    reads are cupix's.
    """

    def __init__(self, osr, tile_size=254, overlap=1, limit_bounds=False):
        self._osr = osr
        self._tile_size = tile_size
        self._overlap = overlap
        self._limit_bounds = limit_bounds
        props = osr.properties
        if limit_bounds:
            self._offset = (int(props.get("openslide.bounds-x", 0)), int(props.get("openslide.bounds-y", 0)))
            w0, h0 = osr.dimensions
            fx = int(props.get("openslide.bounds-width", w0)) / w0
            fy = int(props.get("openslide.bounds-height", h0)) / h0
            self._slide_dims = tuple((math.ceil(w * fx), math.ceil(h * fy)) for w, h in osr.level_dimensions)
        else:
            self._offset = (0, 0)
            self._slide_dims = tuple(tuple(d) for d in osr.level_dimensions)
        sizes = [self._slide_dims[0]]
        while sizes[-1][0] > 1 or sizes[-1][1] > 1:
            sizes.append((_ceil_half(sizes[-1][0]), _ceil_half(sizes[-1][1])))
        self._dims = tuple(reversed(sizes))
        self._tiles = tuple((-(-w // tile_size), -(-h // tile_size)) for w, h in self._dims)
        # For each Deep Zoom level: the slide level it reads, and that level's pixels per Deep Zoom
        # pixel (its downsample from level 0 is a power of two).
        count = len(self._dims)
        self._source = tuple(osr.get_best_level_for_downsample(2 ** (count - 1 - z)) for z in range(count))
        self._scale = tuple(2 ** (count - 1 - z) / osr.level_downsamples[self._source[z]] for z in range(count))
        self._background = "#" + props.get("openslide.background-color", "ffffff")

    def __repr__(self):
        return (f"{type(self).__name__}({self._osr!r}, tile_size={self._tile_size!r}, overlap={self._overlap!r}, "
                f"limit_bounds={self._limit_bounds!r})")

    @property
    def level_count(self):
        """The number of Deep Zoom levels."""
        return len(self._dims)

    @property
    def level_tiles(self):
        """(columns, rows) of tiles of each Deep Zoom level."""
        return self._tiles

    @property
    def level_dimensions(self):
        """(width, height) in pixels of each Deep Zoom level."""
        return self._dims

    @property
    def tile_count(self):
        """The number of tiles over all levels."""
        return sum(c * r for c, r in self._tiles)

    def get_tile_coordinates(self, level, address):
        """The ``read_region`` arguments (level-0 location, slide level, size) of a tile."""
        return self._region(level, address)[0]

    def get_tile_dimensions(self, level, address):
        """The (width, height) of a tile, overlap included."""
        return self._region(level, address)[1]

    def get_tile(self, level, address):
        """The RGB PIL image of the tile at `address` (column, row) of Deep Zoom `level`."""
        from PIL import Image

        args, size = self._region(level, address)
        region = self._osr.read_region(*args)
        profile = region.info.get("icc_profile")
        tile = Image.composite(region, Image.new("RGB", region.size, self._background), region)
        if tile.size != size:
            tile.thumbnail(size, Image.Resampling.LANCZOS)
        if profile is not None:
            tile.info["icc_profile"] = profile
        return tile

    def get_dzi(self, format):
        """The Deep Zoom descriptor (XML) of the image, for tiles in `format` ('jpeg', 'png')."""
        image = Element("Image", TileSize=str(self._tile_size), Overlap=str(self._overlap), Format=format,
                        xmlns=_DZI_NAMESPACE)
        SubElement(image, "Size", Width=str(self._slide_dims[0][0]), Height=str(self._slide_dims[0][1]))
        out = BytesIO()
        ElementTree(element=image).write(out, encoding="UTF-8")
        return out.getvalue().decode("UTF-8")

    def _region(self, level, address):
        if not 0 <= level < len(self._dims):
            raise ValueError("Invalid level")
        address = tuple(address)
        if len(address) != 2:
            raise ValueError("Invalid address")
        tiles = self._tiles[level]
        if any(not 0 <= t < n for t, n in zip(address, tiles)):
            raise ValueError("Invalid address")
        source, scale = self._source[level], self._scale[level]
        downsample = self._osr.level_downsamples[source]
        location, region, size = [], [], []
        for axis in range(2):
            t, n = address[axis], tiles[axis]
            before = self._overlap if t > 0 else 0
            after = self._overlap if t < n - 1 else 0
            extent = min(self._tile_size, self._dims[level][axis] - self._tile_size * t) + before + after
            start = scale * (self._tile_size * t - before)  # in the slide level's pixels
            location.append(int(downsample * start + self._offset[axis]))
            region.append(int(min(math.ceil(scale * extent), self._slide_dims[source][axis] - math.ceil(start))))
            size.append(extent)
        return (tuple(location), source, tuple(region)), tuple(size)
