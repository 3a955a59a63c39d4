"""Runs one benchmark case a few times on the GPU, for profilers (ncu) to inspect its kernels.
Usage: python bench/profile_one.py "<case name substring>" [repeats]"""
import os
import sys

import cupy
import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from cases import cases  # noqa: E402

want = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
case = next(c for c in cases() if want in c.name)
x = cupy.asarray(case.make(np.random.default_rng(0)))
for _ in range(repeats):
    case.cupix(x)
cupy.cuda.Device().synchronize()
print("ran", case.name, repeats, "times")
