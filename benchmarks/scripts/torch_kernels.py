#!/usr/bin/env python3
"""PyTorch timings of the same kernels as mbrl4j's JMH benchmarks (benchmarks/.../kernels), for
side-by-side runs on one machine: float32 GEMM shapes, ensemble bmm shapes, SiLU/tanh over
2500 x 200 (forward, fused bias + activation, backward), and a 10-200-200-200-200-8 SiLU MLP
(forward at batch 2500 without autograd, Adam training step at batch 256 with MSE loss).

Writes {"unit": "us/op", ...} JSON; compare_table.py merges it with KernelReport's JSON.
Run with Debian's interpreter (/usr/bin/python3 with python3-torch and libopenblas0-pthread).
"""
import argparse
import json
import os
import statistics
import sys
import time

# Decided before torch loads: passive OpenMP waiting stops torch's OpenMP threads (element-wise ops)
# from spinning against OpenBLAS's pthreads (products) on a 2-core machine.
if "--spin" not in sys.argv:
    os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
os.environ.setdefault("OMP_NUM_THREADS", "2")

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def timeit(fn, min_time):
    """Median microseconds per call over 7 rounds, each round long enough to last min_time/7 s."""
    for _ in range(3):
        fn()
    t0 = time.perf_counter()
    fn()
    one = max(time.perf_counter() - t0, 1e-7)
    reps = max(1, int(min_time / 7 / one))
    rounds = []
    for _ in range(7):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        rounds.append((time.perf_counter() - t0) / reps * 1e6)
    return statistics.median(rounds)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--spin", action="store_true", help="leave OMP_WAIT_POLICY unset (libgomp spins)")
    ap.add_argument("--json", default="torch-kernels.json")
    ap.add_argument("--mlp-only", action="store_true", help="time the MLP alone (mlp-rounds.sh)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(2026)
    t = 1.0 if args.quick else 3.0
    res = {"unit": "us/op", "torch": torch.__version__, "threads": args.threads,
           "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "(unset)"),
           "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "gemm": {}, "bmm": {}, "activations": {}, "mlp": {}}

    if not args.mlp_only:
        kernels(res, t)
    mlp(res, t)

    with open(args.json, "w") as fh:
        json.dump(res, fh, indent=1)
    print("results written to", args.json)


def kernels(res, t):
    """GEMM, bmm and the SiLU/tanh passes."""
    for m, k, n in ((32, 200, 200), (256, 200, 200), (2500, 200, 200), (2048, 2048, 2048)):
        a, b, c = torch.randn(m, k), torch.randn(k, n), torch.empty(m, n)
        us = timeit(lambda: torch.mm(a, b, out=c), t * (2 if m == 2048 else 1))
        res["gemm"][f"{m}x{k}x{n}"] = us
        print(f"mm {m}x{k}x{n}: {us:9.1f} us  {2 * m * n * k / us / 1e3:6.1f} GFLOP/s", flush=True)

    for e, rows, i, o in ((7, 256, 200, 200), (5, 32, 200, 200), (5, 1400, 200, 200)):
        a, b, c = torch.randn(e, rows, i), torch.randn(e, i, o), torch.empty(e, rows, o)
        us = timeit(lambda: torch.bmm(a, b, out=c), t)
        res["bmm"][f"{e}x{rows}x{i}x{o}"] = us
        print(f"bmm {e}x{rows}x{i}x{o}: {us:9.1f} us  {2 * e * rows * i * o / us / 1e3:6.1f} GFLOP/s", flush=True)

    x = torch.randn(2500, 200) * 2
    bias = torch.randn(200)
    g = torch.randn(2500, 200)
    out = torch.empty(2500, 200)
    z = x.clone()
    for name, bwd in (("SILU", lambda: torch.ops.aten.silu_backward(g, x)),
                      ("TANH", lambda: torch.ops.aten.tanh_backward(g, out))):
        act = {}
        act["activate"] = timeit(lambda: torch.ops.aten.silu.out(x, out=out) if name == "SILU" else torch.tanh(x, out=out), t)
        if name == "SILU":
            def bias_act():
                z.add_(bias)
                F.silu(z, inplace=True)
        else:
            def bias_act():
                z.add_(bias)
                z.tanh_()
        act["biasActivate"] = timeit(bias_act, t)
        act["backward"] = timeit(bwd, t)
        res["activations"][name] = act
        print(f"{name}: " + ", ".join(f"{k} {v:.1f} us" for k, v in act.items()), flush=True)


def mlp(res, t):
    """The 10-200x4-8 SiLU MLP: forward at batch 2500 under no_grad, Adam step at batch 256."""

    torch.manual_seed(1)
    dims = [10, 200, 200, 200, 200, 8]
    layers = []
    for i in range(len(dims) - 1):
        layers.append(torch.nn.Linear(dims[i], dims[i + 1]))
        if i < len(dims) - 2:
            layers.append(torch.nn.SiLU())
    net = torch.nn.Sequential(*layers)
    xf = torch.randn(2500, 10)
    with torch.no_grad():
        res["mlp"]["forward_b2500"] = timeit(lambda: net(xf), t)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    xb, yb = torch.randn(256, 10), torch.randn(256, 8)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(net(xb), yb)
        loss.backward()
        opt.step()
    res["mlp"]["adam_step_b256"] = timeit(step, t)
    print("MLP 10-200x4-8 SiLU: forward b2500 %.1f us, Adam step b256 %.1f us"
          % (res["mlp"]["forward_b2500"], res["mlp"]["adam_step_b256"]), flush=True)


if __name__ == "__main__":
    main()
