#!/usr/bin/env python3
"""Times the PyTorch reference of shared/peers/torch_pets_bench.py (its own implementation, cartpole_yaml
sizes) on exactly what PetsModelBench times: one training epoch over 10,000 transitions, the evaluation
pass, and one ensemble forward pass over a CEM population of 350 x 20 rows. Usage:
  /usr/bin/python3 torch_ensemble_forward.py /work/shared/peers/torch_pets_bench.py [threads]
(threads defaults to 2; it sets torch's threads and OPENBLAS_NUM_THREADS; OMP_WAIT_POLICY=PASSIVE).
"""
import importlib.util
import os
import statistics
import sys
import time

THREADS = int(sys.argv[2]) if len(sys.argv) > 2 else 2
os.environ["OPENBLAS_NUM_THREADS"] = str(THREADS)
os.environ["OMP_NUM_THREADS"] = str(THREADS)
os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
import torch  # noqa: E402

spec = importlib.util.spec_from_file_location("tpb", sys.argv[1])
tpb = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tpb)
torch.set_num_threads(THREADS)
case = [c for c in tpb.load_cases("/nonexistent") if c.name == "cartpole_yaml"][0]


def timeit(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ts), min(ts), max(ts)


def show(label, r):
    print(f"torch {label:44s} median {r[0]:8.2f} ms  (min {r[1]:.2f}, max {r[2]:.2f})", flush=True)


obs, act, next_obs, _ = tpb.make_data(case)
p = tpb.OwnPETS(case)
p.set_data(obs, act, next_obs)
show("train_epoch (7x4x200 SiLU, N=10000, batch 256)", timeit(p.train_epoch, 1, 5))
show("eval_pass (10000 rows x 7 members)", timeit(p.eval_pass, 1, 5))
model = p.model
with torch.no_grad():
    x7 = torch.randn(7, 1000, 5)
    show("forward [7, 1000, 5] all members", timeit(lambda: model(x7), 3, 20))
    x5 = torch.randn(5, 1400, 5)
    show("forward [5, 1400, 5] 5 elites", timeit(lambda: model(x5, [0, 1, 2, 3, 4]), 3, 20))
print(f"threads {THREADS}, torch {torch.__version__}")
