"""Whole-slide reading: every non-overlapping 256x256 patch at level 0 of a JPEG slide, aligned to
the tile grid and shifted by half a tile, read by OpenSlide (openslide-python), cupix's OpenSlide
face and native Slide one region per call, and cupix's batch reader on all cores. Each
single-region reader reads its own patches, so that none finds tiles the one before it decoded in
the process-wide tile cache. The yardstick is libjpeg-turbo itself: the TurboJPEG API of the
build cupix links (Debian's libturbojpeg0 beside libjpeg62-turbo, through ctypes; accurate DCT
and upsampling, as cupix decodes) decoding the slide's level-0 tiles one after another on one
thread. The batch reader is compared with that rate times the number of cores.

With a GPU (CuPy) it also delivers every patch as GPU batches: decoded on the CPU and copied
through pinned memory, and decoded by nvJPEG (each of its backends, in a process of its own),
beside torchvision.io.decode_jpeg decoding the same tiles on the GPU, cuCIM's batched
read_region where cuCIM is installed, and read_file_to_device's GB/s over the slide file.

Makes the slide with tools/test_slides.jpeg_slide unless --slide is given.

    python bench/slide_read.py [--size 20480] [--slide PATH] [--limit N] [--out DIR]
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import test_slides  # noqa: E402


def tile_streams(path, limit=None):
    """The level-0 tiles as complete JPEG streams: the shared JPEGTables without its end-of-image
    marker, then the tile without its start-of-image marker, as a TIFF reader decodes them."""
    import tifffile

    page = tifffile.TiffFile(path).pages[0]
    tables = page.tags["JPEGTables"].value[:-2]
    streams = []
    with open(path, "rb") as f:
        for offset, count in list(zip(page.dataoffsets, page.databytecounts))[:limit]:
            f.seek(offset)
            streams.append(tables + f.read(count)[2:])
    return streams, page.tilewidth, page.tilelength


def jpeg_decode_rate(path, limit):
    """Level-0 tiles decoded per second by libjpeg-turbo on one thread."""
    import ctypes

    tj = ctypes.CDLL("libturbojpeg.so.0")
    tj.tjInitDecompress.restype = ctypes.c_void_p
    tj.tjDecompress2.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_void_p] + [ctypes.c_int] * 5
    streams, w, h = tile_streams(path, limit)
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


def gpu_batches_rate(native, locs, **kw):
    """Patches per second delivered as CuPy batches (the last one finished on the GPU), after a
    first pass over 2048 of them (pinned buffers, memory pools and kernels made ready)."""
    import cupy

    def run(locs):
        for b in native.read_regions(locs, (256, 256), **kw):
            last = b
        last.sum()
        cupy.cuda.get_current_stream().synchronize()

    run(locs[:2048])
    return rate(lambda: run(locs), len(locs))


def nvjpeg_rows(path, batch_sizes):
    """Patches per second with nvJPEG, aligned and unaligned, per batch size (for the backend
    CUPIX_NVJPEG_BACKEND names; run in a process of its own, as the backend is chosen once)."""
    import cupix.io as cio

    native = cio.Slide(path)
    w0, h0 = native.dimensions
    out = {}
    for name, shift in [("aligned", 0), ("unaligned", 128)]:
        locs = [(x, y) for y in range(shift, h0 - 256 + 1, 256) for x in range(shift, w0 - 256 + 1, 256)]
        for bs in batch_sizes:
            out[f"{name}_{bs}"] = gpu_batches_rate(native, locs, batch_size=bs, device="cuda", decoder="nvjpeg")
    return out


def torchvision_rate(path, batch):
    """Tiles per second decoded on the GPU by torchvision.io.decode_jpeg, `batch` tiles a call."""
    import torch
    from torchvision.io import decode_jpeg

    streams, _, _ = tile_streams(path)
    data = [torch.frombuffer(bytearray(b), dtype=torch.uint8) for b in streams]
    decode_jpeg(data[:batch], device="cuda")
    torch.cuda.synchronize()

    def run():
        for k in range(0, len(data), batch):
            decode_jpeg(data[k:k + batch], device="cuda")
        torch.cuda.synchronize()

    return rate(run, len(data))


def cucim_rate(path, locs, workers):
    """cuCIM's batched read_region onto the GPU (patches per second), or None without cuCIM."""
    try:
        from cucim import CuImage
        import cupy
    except ImportError:
        return None
    img = CuImage(path)

    def run():
        for b in img.read_region(locs, (256, 256), 0, num_workers=workers, batch_size=256, device="cuda"):
            cupy.asarray(b)
        cupy.cuda.get_current_stream().synchronize()

    try:
        return rate(run, len(locs))
    except Exception as e:  # cuCIM builds without the GPU path, or that reject the file
        print(f"cuCIM: {e}")
        return None


def file_to_device_gbps(path):
    """read_file_to_device over the whole slide file: {method: GB/s} for cuFile (where it loads)
    and for the pinned reads (CUPIX_CUFILE=0), each the best of three."""
    import cupy

    import cupix.io as cio

    size = os.path.getsize(path)
    out = {}
    for env in ("1", "0"):
        os.environ["CUPIX_CUFILE"] = env
        cio.read_file_to_device(path, 0, 1 << 20)
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            cio.read_file_to_device(path).sum()
            cupy.cuda.get_current_stream().synchronize()
            best = min(best, time.perf_counter() - t)
        out[cio.file_to_device_method()] = size / best / 1e9
    del os.environ["CUPIX_CUFILE"]
    return out


def rate(fn, n):
    t = time.perf_counter()
    fn()
    return n / (time.perf_counter() - t)


def cuda_present():
    try:
        import cupy

        return cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:
        return False


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", type=int, default=20480)
    p.add_argument("--slide")
    p.add_argument("--limit", type=int, default=2000, help="patches per single-region reader (all for the batch reader)")
    p.add_argument("--out", default="build/bench-slide")
    p.add_argument("--nvjpeg-only", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    path = a.slide or os.path.join(a.out, f"slide-{a.size}.tif")
    if not os.path.exists(path):
        test_slides.jpeg_slide(path, a.size)
    if a.nvjpeg_only:
        print(json.dumps(nvjpeg_rows(path, (256, 1024))))
        return

    with open(path, "rb") as f:  # every reader starts from the page cache
        while f.read(1 << 24):
            pass
    import openslide

    import cupix.io as cio

    try:
        import imagecodecs  # noqa: F401  (tifffile's JPEG decoder)
        tiff = tifffile_reader(path)
    except ImportError:
        tiff = None
    ref, face, native = openslide.OpenSlide(path), cio.OpenSlide(path), cio.Slide(path)
    gpu = cuda_present()
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
            "tifffile_per_s": rate(lambda: [tiff(*l) for l in few[3]], len(few[3])) if tiff else "",
            "cupix_batch_per_s": rate(lambda: [b.shape for b in native.read_regions(locs, (256, 256), batch_size=256)],
                                      len(locs)),
        }
        r["batch_vs_openslide"] = r["cupix_batch_per_s"] / r["openslide_per_s"]
        if gpu:
            r["gpu_batch_cpu_decode_per_s"] = gpu_batches_rate(native, locs, batch_size=256, device="cuda",
                                                               decoder="cpu")
            r["cucim_gpu_batch_per_s"] = cucim_rate(path, locs, cores) or ""
        rows.append(r)
    if gpu and cio.nvjpeg_available():
        for backend in ("gpu_hybrid", "hardware"):
            env = dict(os.environ, CUPIX_NVJPEG_BACKEND=backend)
            res = subprocess.run([sys.executable, __file__, "--slide", path, "--out", a.out, "--nvjpeg-only"],
                                 env=env, capture_output=True, text=True)
            if res.returncode != 0:
                print(f"nvJPEG {backend}: {res.stderr.strip().splitlines()[-1:]}")
                continue
            got = json.loads(res.stdout.strip().splitlines()[-1])
            for r in rows:
                for bs in (256, 1024):
                    r[f"nvjpeg_{backend}_batch{bs}_per_s"] = got[f"{r['patches']}_{bs}"]
    if gpu:
        tv = {bs: torchvision_rate(path, bs) for bs in (256, 1024)}
        gbps = file_to_device_gbps(path)
        for r in rows:
            for bs, v in tv.items():
                r[f"torchvision_decode_jpeg_batch{bs}_tiles_per_s"] = v
            for method, v in gbps.items():
                r[f"read_file_to_device_{method}_GBps"] = v
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
