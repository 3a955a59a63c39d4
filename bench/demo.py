"""A short demo: apply cupix's functions to a generated 4K image and print their timings next to
scikit-image's/SciPy's (and the GPU's, when there is one). Results are checked to agree."""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import cupix  # noqa: E402
from cases import cases  # noqa: E402
from run import call  # noqa: E402


def best_of(fn, x, n=3):
    call(fn, x)
    t = []
    for _ in range(n):
        t0 = time.perf_counter()
        r = call(fn, x)
        t.append(time.perf_counter() - t0)
    return min(t) * 1e3, r


def difference(ours, ref):
    """Largest absolute difference, through the tuples, lists and dicts some functions return
    (find_objects' slices and None count 0 when equal, else inf)."""
    if isinstance(ref, dict):
        if ours.keys() != ref.keys():
            return float("inf")
        return max((difference(ours[k], ref[k]) for k in ref), default=0.0)
    if isinstance(ref, (list, tuple)) or getattr(ref, "dtype", None) == object:  # histogram: arrays in an array
        if len(ours) != len(ref):
            return float("inf")
        return max((difference(a, b) for a, b in zip(ours, ref)), default=0.0)
    if ref is None or isinstance(ref, slice):
        return 0.0 if ours == ref else float("inf")
    return float(np.max(np.abs(np.asarray(ours, np.float64) - np.asarray(ref, np.float64)), initial=0.0))


def main():
    rng = np.random.default_rng(1)
    print(f"cupix {cupix.__version__}: CUDA backend built={cupix.built_with_cuda()}, GPU available="
          f"{cupix.cuda_available()}; {os.cpu_count()} CPU threads\n")
    print(f"{'operation':48s} {'reference':>14s} {'cupix CPU':>12s} {'speed-up':>9s}  max |diff|")
    for case in cases():
        if "256^3" in case.name:
            continue
        x = case.make(rng)
        ref_ms, ref = best_of(case.cpu_ref, x)
        ours_ms, ours = best_of(case.cupix, x)
        diff = difference(ours, ref)
        print(f"{case.name:48s} {ref_ms:9.1f} ms {ours_ms:9.1f} ms {ref_ms / ours_ms:8.1f}x  {diff:.2e}"
              f"  ({case.cpu_ref_name})")


if __name__ == "__main__":
    main()
