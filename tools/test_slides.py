"""Test slides for cupix.io, made on the spot (never committed): pyramids written by libvips with
each compression, and small files shaped like Aperio SVS, written with tifffile.

    python tools/test_slides.py OUTDIR [--size W H] [--tile T]   writes one slide per compression

Small ones (--size 200 120 --tile 32) are the seeds of the slide reader's fuzzer (scripts/fuzz).
"""
import argparse
import os
import subprocess

import numpy as np

COMPRESSIONS = ("jpeg", "deflate", "lzw", "zstd", "webp", "none")


def tissue(h, w, seed=0):
    """An RGB uint8 image with smooth structure and noise, so that codecs and resampling have
    something real to work on (and JPEG/WebP stay small)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.stack([128 + 100 * np.sin(x / 97 + c) * np.cos(y / 61 - c) for c in (0.0, 1.3, 2.6)], -1)
    return np.clip(base + rng.normal(0, 12, (h, w, 3)), 0, 255).astype(np.uint8)


def vips_pyramid(src, dst, compression, tile=256, extra=()):
    """A tiled pyramid written by `vips tiffsave` (OpenSlide reads it as generic-tiff)."""
    args = ["vips", "tiffsave", os.fspath(src), os.fspath(dst), "--tile", "--pyramid",
            "--tile-width", str(tile), "--tile-height", str(tile), "--compression", compression, *extra]
    subprocess.run(args, check=True, capture_output=True)
    return dst


def write_base(path, h, w, seed=0):
    import tifffile

    tifffile.imwrite(path, tissue(h, w, seed))
    return path


def jpeg_slide(path, size, tile=256, quality=80, seed=0, workers=None):
    """A size x size JPEG slide as scanners write them, made without libvips (for machines that
    lack it): one tiled level of YCbCr 4:2:0 JPEG tiles that share their tables (JPEGTables), the
    picture `tissue` enlarged 10x with fine noise on top (2.2 bits per pixel at quality 80).
    Written by Pillow's encoder and the small TIFF writer below."""
    import io
    import struct
    from concurrent.futures import ThreadPoolExecutor

    from PIL import Image

    across = -(-size // tile)
    base = Image.fromarray(tissue(-(-size // 10) + 2, -(-size // 10) + 2, seed))
    cut = -(-tile // 10) + 2

    def encode(k):
        ty, tx = divmod(k, across)
        part = base.crop((tx * tile // 10, ty * tile // 10, tx * tile // 10 + cut, ty * tile // 10 + cut))
        part = part.resize((cut * 10, cut * 10), Image.BICUBIC).crop((tx * tile % 10, ty * tile % 10,
                                                                      tx * tile % 10 + tile, ty * tile % 10 + tile))
        noise = np.random.default_rng((seed, k)).normal(0, 14, (tile, tile, 3))
        pixels = np.clip(np.asarray(part, np.float32) + noise, 0, 255).astype(np.uint8)
        buf = io.BytesIO()
        Image.fromarray(pixels).save(buf, "JPEG", quality=quality, subsampling=2)
        return split_tables(buf.getvalue())

    with ThreadPoolExecutor(workers or os.cpu_count()) as pool:
        parts = list(pool.map(encode, range(across * across)))
    tables = parts[0][0]
    if any(t != tables for t, _ in parts):
        raise RuntimeError("Pillow's tiles do not share their tables")
    tiles = [body for _, body in parts]
    # Little-endian classic TIFF: header, tile data, then the directory and its arrays.
    with open(path, "wb") as f:
        f.write(b"II*\0" + struct.pack("<I", 0))
        offsets = []
        for body in tiles:
            offsets.append(f.tell())
            f.write(body)
        extra = {}  # tag -> (type, count, bytes) for values that do not fit the entry

        def array(fmt, values):
            return struct.pack(f"<{len(values)}{fmt}", *values)

        entries = [(256, 4, 1, size), (257, 4, 1, size), (258, 3, 3, array("H", [8, 8, 8])), (259, 3, 1, 7),
                   (262, 3, 1, 6), (277, 3, 1, 3), (284, 3, 1, 1), (322, 3, 1, tile), (323, 3, 1, tile),
                   (324, 4, len(tiles), array("I", offsets)), (325, 4, len(tiles), array("I", [len(t) for t in tiles])),
                   (347, 7, len(tables), tables), (530, 3, 2, array("H", [2, 2]))]
        for tag, typ, count, value in entries:
            if isinstance(value, bytes) and len(value) > 4:
                extra[tag] = f.tell()
                f.write(value + b"\0" * (len(value) % 2))
        ifd = f.tell()
        f.write(struct.pack("<H", len(entries)))
        for tag, typ, count, value in entries:
            if tag in extra:
                field = struct.pack("<I", extra[tag])
            elif isinstance(value, bytes):
                field = value.ljust(4, b"\0")
            else:
                field = struct.pack("<H", value) + b"\0\0" if typ == 3 else struct.pack("<I", value)
            f.write(struct.pack("<HHI", tag, typ, count) + field)
        f.write(struct.pack("<I", 0))
        f.seek(4)
        f.write(struct.pack("<I", ifd))
    return path


def split_tables(jpeg):
    """A JPEG stream as TIFF stores it with JPEGTables: (SOI + its DQT and DHT segments + EOI,
    SOI + everything else but APPn segments)."""
    tables, body, i = [b"\xff\xd8"], [b"\xff\xd8"], 2
    while i < len(jpeg):
        marker = jpeg[i + 1]
        if marker == 0xDA:  # start of scan: the rest is the image data
            body.append(jpeg[i:])
            break
        length = int.from_bytes(jpeg[i + 2:i + 4], "big")
        segment = jpeg[i:i + 2 + length]
        if marker in (0xDB, 0xC4):
            tables.append(segment)
        elif not 0xE0 <= marker <= 0xEF:
            body.append(segment)
        i += 2 + length
    return b"".join(tables) + b"\xff\xd9", b"".join(body)


def ycbcr(rgb):
    """JFIF's RGB -> YCbCr (full range), as Aperio's encoder stores its 33003 JPEG 2000 tiles."""
    r, g, b = (rgb[..., i].astype(np.float64) for i in range(3))
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
    return np.clip(np.round(np.stack([y, cb, cr], -1)), 0, 255).astype(np.uint8)


def aperio(path, h=1000, w=1400, tile=256, seed=0, compression="zlib", level_compression=None):
    """A small file laid out as Aperio's scanners write SVS: tiled levels (full size, then 1/4),
    a stripped thumbnail as the second directory, then stripped label (NewSubfileType 1) and
    macro (9) images, and Aperio's ImageDescription with '|'-separated properties. The tiled levels
    use `level_compression` when given: 33005 (JPEG 2000, RGB) or 33003 (JPEG 2000 of YCbCr)."""
    import tifffile

    img = tissue(h, w, seed)
    levels = level_compression or compression
    stored = ycbcr if levels == 33003 else (lambda a: a)
    desc = (f"Aperio Image Library v12.0.15 \r\n{w}x{h} [0,0 {w}x{h}] ({tile}x{tile}) JPEG/RGB Q=70"
            "|AppMag = 20|StripeWidth = 2040|ScanScope ID = CPAPERIOCS|Filename = test|MPP = 0,4990"
            "|Left = 25.0|Top = 23.5|Date = 11/25/26")
    with tifffile.TiffWriter(path) as t:
        t.write(stored(img), tile=(tile, tile), compression=levels, description=desc, photometric="rgb", metadata=None)
        t.write(img[::8, ::8].copy(), compression=compression, photometric="rgb", rowsperstrip=16, metadata=None,
                description=f"Aperio Image Library v12.0.15 \r\n{w}x{h} -> {w // 8}x{h // 8} - ")
        t.write(stored(img[::4, ::4].copy()), tile=(tile, tile), compression=levels, photometric="rgb", metadata=None,
                description=f"Aperio Image Library v12.0.15 \r\n{w}x{h} -> {w // 4}x{h // 4} - ")
        t.write(tissue(120, 200, seed + 1), compression=compression, photometric="rgb", subfiletype=1, metadata=None,
                description="Aperio Image Library v12.0.15 \r\nlabel 200x120")
        t.write(tissue(160, 400, seed + 2), compression=compression, photometric="rgb", subfiletype=9, metadata=None,
                description="Aperio Image Library v12.0.15 \r\nmacro 400x160")
    return path


def philips(path, h=1100, w=1500, tile=256, seed=0, label_in_xml=True):
    """A small file laid out as Philips' scanners write TIFF: Software "Philips ...", the slide's
    XML (DataObject DPUfsImport) as ImageDescription with one WSI scanned image whose pixel-data
    representations give each level's spacing, JPEG tiled levels padded to whole tiles (the reduced
    ones NewSubfileType 1), a label as a stripped directory ("Label") or as base64 JPEG in the
    XML, and a macro directory ("Macro")."""
    import base64

    import imagecodecs
    import tifffile

    img = tissue(h, w, seed)
    spacing = 0.000247
    levels = [img[::f, ::f] for f in (1, 2, 4)]

    def attr(name, value, vr="IString"):
        return f'<Attribute Name="{name}" Group="0x0000" Element="0x0000" PMSVR="{vr}">{value}</Attribute>'

    reps = "".join(
        '<DataObject ObjectType="PixelDataRepresentation">'
        + attr("DICOM_PIXEL_SPACING", f'"{spacing * f:.6g}" "{spacing * f:.6g}"', "IDoubleArray")
        + attr("PIIM_PIXEL_DATA_REPRESENTATION_NUMBER", str(i), "IUInt16")
        + "</DataObject>" for i, f in enumerate((1, 2, 4)))
    label = tissue(80, 120, seed + 1)
    label_xml = ""
    if label_in_xml:
        label_jpeg = base64.b64encode(imagecodecs.jpeg8_encode(label, level=90)).decode()
        label_xml = ('<DataObject ObjectType="DPScannedImage">' + attr("PIM_DP_IMAGE_TYPE", "LABELIMAGE")
                     + attr("PIM_DP_IMAGE_DATA", label_jpeg) + "</DataObject>")
    xml = ('<?xml version="1.0" encoding="UTF-8" ?>\n<DataObject ObjectType="DPUfsImport">'
           + attr("DICOM_MANUFACTURER", "PHILIPS")
           + attr("PIM_DP_UFS_BARCODE", base64.b64encode(b"CUPIX-0042").decode())
           + attr("DICOM_DERIVATION_DESCRIPTION", 'tiff-useBigTIFF=1-useRgb=0-levels=40,10000,10001-processing=0-q80'
                  '-sourceFilename="T11-07929"')
           + attr("DICOM_SOFTWARE_VERSIONS", '"1.6.5515" "20111209_R44"', "IStringArray")
           + '<Attribute Name="PIM_DP_SCANNED_IMAGES" Group="0x301D" Element="0x1003" PMSVR="IDataObjectArray"><Array>'
           + '<DataObject ObjectType="DPScannedImage">' + attr("PIM_DP_IMAGE_TYPE", "WSI")
           + attr("DICOM_PIXEL_SPACING", f'"{spacing:.6g}" "{spacing:.6g}"', "IDoubleArray")
           + '<Attribute Name="PIIM_PIXEL_DATA_REPRESENTATION_SEQUENCE" Group="0x1001" Element="0x8b01" '
             'PMSVR="IDataObjectArray"><Array>' + reps + "</Array></Attribute></DataObject>"
           + label_xml + "</Array></Attribute></DataObject>")
    with tifffile.TiffWriter(path, bigtiff=True) as t:
        for i, lv in enumerate(levels):
            ph, pw = -(-lv.shape[0] // tile) * tile, -(-lv.shape[1] // tile) * tile  # padded to whole tiles
            padded = np.full((ph, pw, 3), 255, np.uint8)
            padded[: lv.shape[0], : lv.shape[1]] = lv
            t.write(padded, tile=(tile, tile), compression="jpeg", photometric="rgb", subfiletype=1 if i else 0,
                    description=xml if i == 0 else None, software="Philips DP v1.0" if i == 0 else None,
                    metadata=None)
        if not label_in_xml:
            t.write(label, compression="jpeg", photometric="rgb", description="Label", metadata=None)
        t.write(tissue(160, 400, seed + 2), compression="jpeg", photometric="rgb", description="Macro", metadata=None)
    return path


def ome(path, h=700, w=900, tile=128, seed=0):
    """A 3-channel 16-bit OME-TIFF pyramid (channel planes, two SubIFD levels), with channel names
    and physical sizes, as tifffile writes it."""
    import tifffile

    planes = (np.moveaxis(tissue(h, w, seed), -1, 0).astype(np.uint16) * 257)
    meta = {"axes": "CYX", "PhysicalSizeX": 0.325, "PhysicalSizeY": 0.325, "Channel": {"Name": ["DAPI", "FITC", "TRITC"]}}
    with tifffile.TiffWriter(path, bigtiff=True) as t:
        t.write(planes, subifds=2, tile=(tile, tile), compression="zlib", photometric="minisblack", metadata=meta)
        for f in (2, 4):
            t.write(planes[:, ::f, ::f], subfiletype=1, tile=(tile, tile), compression="zlib", photometric="minisblack")
    return path


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("outdir")
    p.add_argument("--size", nargs=2, type=int, default=(2100, 1500), metavar=("W", "H"))
    p.add_argument("--tile", type=int, default=256)
    a = p.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    w, h = a.size
    base = write_base(os.path.join(a.outdir, "base.tif"), h, w)
    for c in COMPRESSIONS:
        print(vips_pyramid(base, os.path.join(a.outdir, f"{c}.tif"), c, a.tile))
    print(aperio(os.path.join(a.outdir, "aperio.svs"), h, w, a.tile))
    print(aperio(os.path.join(a.outdir, "aperio-jp2k.svs"), h, w, a.tile, level_compression=33003))
    print(philips(os.path.join(a.outdir, "philips.tiff"), h, w, a.tile))
    print(ome(os.path.join(a.outdir, "fluo.ome.tif"), h, w, a.tile))


if __name__ == "__main__":
    main()
