"""cupix benchmarks, side by side in one run.

CPU: cupix's CPU backend against scikit-image/SciPy on the same NumPy input (wall clock, median).
GPU (when CuPy and a GPU are present): cupix's CUDA backend against CuPy's cupyx.scipy.ndimage and
cuCIM where importable, timed with CUDA events (median of >= 10 runs after warm-up), plus the ratio
to the memory floor: bytes read once + written once / measured device-to-device bandwidth. cupix is
timed twice: as called (host time before its first kernel counts) and device-only (queued behind
other GPU work, as inside a pipeline); the floor ratio is given for both.
Writes results.csv and speedups.png into --out and prints a table.
"""
import argparse
import csv
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import cupix  # noqa: E402
from cases import cases, gpu_references  # noqa: E402


def call(fn, x):
    """A case's input is one array, or a tuple of arguments (values, labels, index)."""
    return fn(*x) if isinstance(x, tuple) else fn(x)


def time_cpu(fn, x, repeat):
    call(fn, x)  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call(fn, x)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def time_gpu(fn, x, repeat, busy=None):
    """Median CUDA-event time of fn(x) in ms. Without `busy` the events bracket the call, so host
    time spent before its first kernel counts (what one synchronous call costs); with it, each
    call is queued behind `busy`'s GPU work, so only the call's own GPU time counts (what it
    costs inside a pipeline)."""
    import cupy

    for _ in range(3):
        call(fn, x)
    start, stop = cupy.cuda.Event(), cupy.cuda.Event()
    times = []
    for _ in range(repeat):
        if busy is not None:
            busy()
        start.record()
        call(fn, x)
        stop.record()
        stop.synchronize()
        times.append(cupy.cuda.get_elapsed_time(start, stop))
    return statistics.median(times)


def device_copy():
    """A 1 GiB device-to-device copy (about 0.7 ms on an H100): the bandwidth probe, and the GPU
    work that device-only timings queue behind."""
    import cupy

    a = cupy.empty(1 << 30, dtype=cupy.uint8)
    b = cupy.empty_like(a)
    return lambda *_: cupy.copyto(b, a)


def device_bandwidth(copy):
    """Device-to-device copy bandwidth in bytes/s, counting bytes read plus bytes written."""
    return 2 * (1 << 30) / (time_gpu(copy, None, 20) * 1e-3)


def host_bandwidth():
    a = np.ones(1 << 28, dtype=np.uint8)
    b = np.empty_like(a)
    ms = time_cpu(lambda _: np.copyto(b, a), None, 5)
    return 2 * a.nbytes / (ms * 1e-3)


def gpu_ready():
    try:
        import cupy

        return cupix.cuda_available() and cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:
        return False


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default="build/bench")
    p.add_argument("--cpu-repeat", type=int, default=3)
    p.add_argument("--gpu-repeat", type=int, default=20)
    p.add_argument("--filter", default="", help="only cases whose name contains this (alternatives split by |)")
    p.add_argument("--no-cpu", action="store_true", help="skip the CPU comparison")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(0)
    gpu = gpu_ready()
    host_bw = host_bandwidth()
    busy = device_copy() if gpu else None
    dev_bw = device_bandwidth(busy) if gpu else None
    print(f"# cupix {cupix.__version__}; CPU threads {os.cpu_count()}; host copy bandwidth {host_bw / 1e9:.1f} GB/s"
          + (f"; device copy bandwidth {dev_bw / 1e9:.0f} GB/s" if gpu else "; no GPU"))
    rows = []
    for case in cases():
        if not any(f in case.name for f in args.filter.split("|")):
            continue
        x = case.make(rng)
        nbytes = case.bytes_moved(x)
        row = {"case": case.name, "MB_moved": round(nbytes / 1e6, 2)}
        if not args.no_cpu:
            ref = time_cpu(case.cpu_ref, x, args.cpu_repeat)
            ours = time_cpu(case.cupix, x, args.cpu_repeat)
            row.update({"cpu_ref": case.cpu_ref_name, "cpu_ref_ms": round(ref, 3), "cupix_cpu_ms": round(ours, 3),
                        "cpu_speedup": round(ref / ours, 2),
                        "cupix_cpu/floor": round(ours / (nbytes / host_bw * 1e3), 1)})
        if gpu:
            import cupy

            xg = tuple(map(cupy.asarray, x)) if isinstance(x, tuple) else cupy.asarray(x)
            ours = time_gpu(case.cupix, xg, args.gpu_repeat)
            device = time_gpu(case.cupix, xg, args.gpu_repeat, busy)
            floor = nbytes / dev_bw * 1e3
            row.update({"cupix_gpu_ms": round(ours, 4), "cupix_device_ms": round(device, 4),
                        "floor_ms": round(floor, 4), "cupix_gpu/floor": round(ours / floor, 2),
                        "cupix_device/floor": round(device / floor, 2)})
            for name, fn in gpu_references(case).items():
                t = time_gpu(fn, xg, args.gpu_repeat)
                row[f"{name}_ms"] = round(t, 4)
                row[f"speedup_vs_{name}"] = round(t / ours, 2)
            del xg
            cupy.get_default_memory_pool().free_all_blocks()
        rows.append(row)
        print("  " + ", ".join(f"{k}={v}" for k, v in row.items()), flush=True)
    write_outputs(rows, args.out)


def write_outputs(rows, out):
    keys = []
    for r in rows:
        keys += [k for k in r if k not in keys]
    with open(os.path.join(out, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        w.writerows(rows)
    widths = {k: max(len(k), *(len(str(r.get(k, ""))) for r in rows)) for k in keys}
    print("\n" + " | ".join(k.ljust(widths[k]) for k in keys))
    for r in rows:
        print(" | ".join(str(r.get(k, "")).ljust(widths[k]) for k in keys))
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    series = [k for k in keys if k == "cpu_speedup" or k.startswith("speedup_vs_")]
    if not series:
        return
    fig, ax = plt.subplots(figsize=(10, 0.5 + 0.45 * len(rows) * len(series)))
    labels, values, colors = [], [], []
    palette = {"cpu_speedup": "tab:blue", "speedup_vs_cupy": "tab:green", "speedup_vs_cucim": "tab:orange"}
    for r in rows:
        for s in series:
            if s in r:
                labels.append(f"{r['case']}  [{s.replace('speedup_vs_', 'vs ').replace('cpu_speedup', 'CPU vs ref')}]")
                values.append(r[s])
                colors.append(palette.get(s, "tab:gray"))
    ax.barh(range(len(values)), values, color=colors)
    ax.set_yticks(range(len(values)), labels, fontsize=7)
    ax.axvline(1.0, color="black", lw=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("speed-up of cupix (x, log scale; > 1 means cupix is faster)")
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(os.path.join(out, "speedups.png"), dpi=110)


if __name__ == "__main__":
    main()
