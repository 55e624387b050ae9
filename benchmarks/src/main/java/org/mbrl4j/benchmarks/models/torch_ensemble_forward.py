#!/usr/bin/env python3
"""Times one forward pass of the PyTorch reference ensemble (OwnEnsembleMLP of
shared/peers/torch_pets_bench.py, cartpole_yaml sizes) over a CEM population of 350 x 20 rows,
for comparison with PetsModelBench. Usage:
  /usr/bin/python3 torch_ensemble_forward.py /work/shared/peers/torch_pets_bench.py
"""
import importlib.util
import os
import statistics
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
import torch  # noqa: E402

spec = importlib.util.spec_from_file_location("tpb", sys.argv[1])
tpb = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tpb)
torch.set_num_threads(2)
case = [c for c in tpb.load_cases("/nonexistent") if c.name == "cartpole_yaml"][0]
torch.manual_seed(0)
model = tpb.OwnEnsembleMLP(case, False)


def bench(x, members=None, reps=20):
    with torch.no_grad():
        for _ in range(3):
            model(x, members)
        ts = []
        for _ in range(reps):
            t0 = time.perf_counter()
            model(x, members)
            ts.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ts), min(ts), max(ts)


for label, x, members in (("[7, 1000, 5] all members", torch.randn(7, 1000, 5), None),
                          ("[5, 1400, 5] 5 elites", torch.randn(5, 1400, 5), [0, 1, 2, 3, 4])):
    med, lo, hi = bench(x, members)
    print(f"torch forward {label:28s} median {med:8.2f} ms  (min {lo:.2f}, max {hi:.2f})")
