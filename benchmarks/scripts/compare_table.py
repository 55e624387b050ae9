#!/usr/bin/env python3
"""Merges KernelReport's JSON (mbrl4j, JMH) with torch_kernels.py's JSON (PyTorch) and prints one
table with ratios. Usage: compare_table.py KERNELS.json TORCH.json
"""
import json
import sys


def gflops(shape, us):
    dims = [float(d) for d in shape.split("x")]
    flop = 2.0
    for d in dims:
        flop *= d
    return flop / (us * 1e3) if us else float("nan")


def main():
    ours = json.load(open(sys.argv[1]))
    torch = json.load(open(sys.argv[2]))
    print(f"PyTorch {torch['torch']}, {torch['threads']} threads, OMP_WAIT_POLICY={torch['OMP_WAIT_POLICY']}, "
          f"{torch['date']}")
    gemm = ours.get("GemmBenchmark", {})
    if gemm:
        print("\nGEMM float32, GFLOP/s")
        print(f"{'MxKxN':16s} {'ND4J mmuli':>11s} {'mbrl4j Gemm':>12s} {'direct sgemm':>13s} {'PyTorch mm':>11s}"
              f" {'Gemm/direct':>12s} {'Gemm/torch':>11s} {'Gemm/ND4J':>10s}")
        for shape, r in gemm.items():
            nd = gflops(shape, r.get("nd4jMmuli"))
            g = gflops(shape, r.get("mbrl4jGemm"))
            d = gflops(shape, r.get("directSgemm"))
            t = gflops(shape, torch["gemm"].get(shape))
            print(f"{shape:16s} {nd:11.1f} {g:12.1f} {d:13.1f} {t:11.1f} {g / d:12.2f} {g / t:11.2f} {g / nd:10.1f}")
    bmm = ours.get("BatchedGemmBenchmark", {})
    if bmm:
        print("\nBatched GEMM [E,B,I]x[E,I,O] float32, GFLOP/s")
        print(f"{'ExBxIxO':16s} {'ND4J matmul':>12s} {'mbrl4j batched':>15s} {'PyTorch bmm':>12s} {'ours/torch':>11s}")
        for shape, r in bmm.items():
            nd = gflops(shape, r.get("nd4jMatmul"))
            g = gflops(shape, r.get("mbrl4jBatchedGemm"))
            t = gflops(shape, torch["bmm"].get(shape))
            print(f"{shape:16s} {nd:12.1f} {g:15.1f} {t:12.1f} {g / t:11.2f}")
    acts = ours.get("ActivationBenchmark", {})
    if acts:
        print("\nElement-wise over 2500 x 200 floats, microseconds (lower is better)")
        print(f"{'function':22s} {'ND4J':>9s} {'mbrl4j':>9s} {'PyTorch':>9s} {'torch/ours':>11s}")
        for key, r in acts.items():
            name = key.split()[0]
            tr = torch["activations"].get(name, {})
            for op in ("activate", "biasActivate", "backward"):
                cap = op[0].upper() + op[1:]
                nd, mb, t = r.get("nd4j" + cap), r.get("mbrl4j" + cap), tr.get(op)
                if mb is None:
                    continue
                print(f"{name + ' ' + op:22s} {nd:9.1f} {mb:9.1f} {t:9.1f} {t / mb:11.2f}")
            # What the library's layers run (SiLU from z and y, tanh from y) next to PyTorch's backward from x.
            mb, t = r.get("mbrl4jLayerBackward"), tr.get("backward")
            if mb is not None and t is not None:
                print(f"{name + ' layerBackward':22s} {'-':>9s} {mb:9.1f} {t:9.1f} {t / mb:11.2f}")
    mlp = ours.get("MlpKernelBenchmark", {})
    if mlp:
        r = next(iter(mlp.values()))
        print("\nMLP 10-200-200-200-200-8 SiLU, milliseconds (kernels: benchmark-only composition; layers: the library's Mlp and Adam)")
        print(f"{'case':24s} {'mbrl4j':>9s} {'PyTorch':>9s} {'torch/ours':>11s}")
        for ours_key, torch_key, label in (("forwardB2500", "forward_b2500", "forward, batch 2500"),
                                           ("adamStepB256", "adam_step_b256", "Adam step, batch 256"),
                                           ("layersForwardB2500", "forward_b2500", "forward, layers"),
                                           ("layersForwardKeepB2500", "forward_b2500", "forward, layers, kept"),
                                           ("layersAdamStepB256", "adam_step_b256", "Adam step, layers")):
            if ours_key in r:
                o, t = r[ours_key] / 1e3, torch["mlp"][torch_key] / 1e3
                print(f"{label:24s} {o:9.2f} {t:9.2f} {t / o:11.2f}")


if __name__ == "__main__":
    main()
