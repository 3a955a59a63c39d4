"""Runs one benchmark case a few times on the GPU, for profilers (ncu) to inspect its kernels.
Usage: python bench/profile_one.py "<case name substring>" [repeats]"""
import os
import sys
import time

import cupy
import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from cases import cases  # noqa: E402

want = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
case = next(c for c in cases() if want in c.name)
made = case.make(np.random.default_rng(0))
args = tuple(map(cupy.asarray, made)) if isinstance(made, tuple) else (cupy.asarray(made),)
for _ in range(repeats):
    cupy.cuda.Device().synchronize()
    t0 = time.perf_counter()
    case.cupix(*args)
    cupy.cuda.Device().synchronize()
    print(f"{case.name}: {(time.perf_counter() - t0) * 1e3:.2f} ms (host clock, with synchronisation)")
