"""Whole-slide reading: every non-overlapping 256x256 patch at level 0 of a JPEG slide, aligned to
the tile grid and shifted by half a tile, read by OpenSlide (openslide-python), cupix's OpenSlide
face and native Slide one region per call, and cupix's batch reader on all cores. Each
single-region reader reads its own patches, so that none finds tiles the one before it decoded in
the process-wide tile cache. The yardstick is libjpeg-turbo itself: the TurboJPEG API of the
build cupix links (Debian's libturbojpeg0 beside libjpeg62-turbo, through ctypes; accurate DCT
and upsampling, as cupix decodes) decoding the slide's level-0 tiles one after another on one
thread. The batch reader is compared with that rate times the number of cores. Makes the slide with libvips (tools/test_slides.py) unless --slide
is given.

    python bench/slide_read.py [--size 20480] [--slide PATH] [--limit N] [--out DIR]
"""
import argparse
import csv
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import test_slides  # noqa: E402


def make_slide(path, size):
    base = os.path.join(os.path.dirname(path), "slide-base.tif")
    test_slides.write_base(base, 2048, 2048)
    big = os.path.join(os.path.dirname(path), "slide-big.v")
    subprocess.run(["vips", "resize", base, big, str(size / 2048)], check=True)
    test_slides.vips_pyramid(big, path, "jpeg", extra=("--Q", "80"))
    os.remove(big)
    return path


def jpeg_decode_rate(path, limit):
    """Level-0 tiles decoded per second by libjpeg-turbo on one thread: each tile's stream is the
    shared JPEGTables followed by the tile's own data, as a TIFF reader decodes it."""
    import ctypes

    import tifffile

    tj = ctypes.CDLL("libturbojpeg.so.0")
    tj.tjInitDecompress.restype = ctypes.c_void_p
    tj.tjDecompress2.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_void_p] + [ctypes.c_int] * 5
    page = tifffile.TiffFile(path).pages[0]
    tables = page.tags["JPEGTables"].value[:-2]  # without its end-of-image marker
    streams = []
    with open(path, "rb") as f:
        for offset, count in list(zip(page.dataoffsets, page.databytecounts))[:limit]:
            f.seek(offset)
            streams.append(tables + f.read(count)[2:])  # the tile without its start-of-image marker
    w, h = page.tilewidth, page.tilelength
    out = np.empty((h, w, 3), np.uint8)
    handle, dst, tjpf_rgb = tj.tjInitDecompress(), out.ctypes.data, 0

    def decode_all():
        for b in streams:
            if tj.tjDecompress2(handle, b, len(b), dst, w, 3 * w, h, tjpf_rgb, 0) != 0:
                raise RuntimeError("libturbojpeg could not decode a tile")

    try:
        return rate(decode_all, len(streams))
    finally:
        tj.tjDestroy(ctypes.c_void_p(handle))


def tifffile_reader(path):
    """read(x, y) of a 256x256 level-0 patch with tifffile (imagecodecs decoding): each tile the
    patch meets read and decoded, and its part copied, one tile after another."""
    import tifffile

    tif = tifffile.TiffFile(path)  # read() keeps it: the file closes with it
    page, fh = tif.pages[0], tif.filehandle
    tw, th = page.tilewidth, page.tilelength
    across = -(-page.imagewidth // tw)
    offsets, counts, tables = list(page.dataoffsets), list(page.databytecounts), page.jpegtables

    def read(x, y, w=256, h=256, tif=tif):
        out = np.empty((h, w, 3), np.uint8)
        for ty in range(y // th, (y + h - 1) // th + 1):
            for tx in range(x // tw, (x + w - 1) // tw + 1):
                k = ty * across + tx
                fh.seek(offsets[k])
                data = fh.read(counts[k])  # before page.decode, whose first use reads the file
                tile = page.decode(data, k, jpegtables=tables)[0][0]
                x0, y0 = max(x, tx * tw), max(y, ty * th)
                x1, y1 = min(x + w, (tx + 1) * tw), min(y + h, (ty + 1) * th)
                out[y0 - y:y1 - y, x0 - x:x1 - x] = tile[y0 - ty * th:y1 - ty * th, x0 - tx * tw:x1 - tx * tw, :3]
        return out

    return read


def rate(fn, n):
    t = time.perf_counter()
    fn()
    return n / (time.perf_counter() - t)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", type=int, default=20480)
    p.add_argument("--slide")
    p.add_argument("--limit", type=int, default=2000, help="patches per single-region reader (all for the batch reader)")
    p.add_argument("--out", default="build/bench-slide")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    path = a.slide or os.path.join(a.out, f"slide-{a.size}.tif")
    if not os.path.exists(path):
        make_slide(path, a.size)

    with open(path, "rb") as f:  # every reader starts from the page cache
        while f.read(1 << 24):
            pass
    import openslide

    import cupix.io as cio

    ref, face, native, tiff = openslide.OpenSlide(path), cio.OpenSlide(path), cio.Slide(path), tifffile_reader(path)
    w0, h0 = native.dimensions
    cores = os.cpu_count()
    rows = []
    for name, shift in [("aligned", 0), ("unaligned", 128)]:
        locs = [(x, y) for y in range(shift, h0 - 256 + 1, 256) for x in range(shift, w0 - 256 + 1, 256)]
        step = max(4, len(locs) // a.limit)
        few = [locs[k::step][: a.limit] for k in range(4)]  # one set of patches per single-region reader
        r = {
            "patches": name,
            "slide": f"{w0}x{h0}",
            "openslide_per_s": rate(lambda: [np.asarray(ref.read_region(l, 0, (256, 256))) for l in few[0]],
                                    len(few[0])),
            "cupix_openslide_face_per_s": rate(lambda: [np.asarray(face.read_region(l, 0, (256, 256))) for l in few[1]],
                                               len(few[1])),
            "cupix_slide_per_s": rate(lambda: [native.read_region(l, 0, (256, 256)) for l in few[2]], len(few[2])),
            "tifffile_per_s": rate(lambda: [tiff(*l) for l in few[3]], len(few[3])),
            "cupix_batch_per_s": rate(lambda: [b.shape for b in native.read_regions(locs, (256, 256), batch_size=256)],
                                      len(locs)),
        }
        r["batch_vs_openslide"] = r["cupix_batch_per_s"] / r["openslide_per_s"]
        rows.append(r)
    decode = jpeg_decode_rate(path, 2000)
    for r in rows:
        r["cores"] = cores
        r["libjpeg_turbo_tiles_per_s_1_thread"] = decode
        r["batch_vs_libjpeg_turbo_x_cores"] = r["cupix_batch_per_s"] / (decode * cores)
    keys = list(rows[0])
    with open(os.path.join(a.out, "slide_read.csv"), "w", newline="") as f:
        wr = csv.DictWriter(f, keys)
        wr.writeheader()
        for r in rows:
            wr.writerow({k: (f"{v:.4g}" if isinstance(v, float) else v) for k, v in r.items()})
    for r in rows:
        print(", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items()))


if __name__ == "__main__":
    main()
