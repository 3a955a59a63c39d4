"""Whole-slide reading: every non-overlapping 256x256 patch at level 0 of a JPEG slide, aligned to
the tile grid and shifted by half a tile, read by OpenSlide (openslide-python), cupix's OpenSlide
face and native Slide one region per call, and cupix's batch reader on all cores. Makes the slide
with libvips (tools/test_slides.py) unless --slide is given.

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

    ref, face, native = openslide.OpenSlide(path), cio.OpenSlide(path), cio.Slide(path)
    w0, h0 = native.dimensions
    cores = os.cpu_count()
    rows = []
    for name, shift in [("aligned", 0), ("unaligned", 128)]:
        locs = [(x, y) for y in range(shift, h0 - 256 + 1, 256) for x in range(shift, w0 - 256 + 1, 256)]
        few = locs[:: max(1, len(locs) // a.limit)][: a.limit]
        r = {
            "patches": name,
            "slide": f"{w0}x{h0}",
            "openslide_per_s": rate(lambda: [np.asarray(ref.read_region(l, 0, (256, 256))) for l in few], len(few)),
            "cupix_openslide_face_per_s": rate(lambda: [np.asarray(face.read_region(l, 0, (256, 256))) for l in few], len(few)),
            "cupix_slide_per_s": rate(lambda: [native.read_region(l, 0, (256, 256)) for l in few], len(few)),
            "cupix_batch_per_s": rate(lambda: [b.shape for b in native.read_regions(locs, (256, 256), batch_size=256)],
                                      len(locs)),
        }
        r["batch_vs_openslide"] = r["cupix_batch_per_s"] / r["openslide_per_s"]
        rows.append(r)
    # What the patches cost in pure decoding: one thread per core at the single-thread rate.
    for r in rows:
        r["cores"] = cores
        r["batch_vs_single_x_cores"] = r["cupix_batch_per_s"] / (r["cupix_slide_per_s"] * cores)
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
