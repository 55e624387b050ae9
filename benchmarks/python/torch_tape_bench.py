"""PyTorch CPU timings of three training workloads, to compare with mbrl-tensor's tape.

What it measures (float32, CPU, torch.set_num_threads(--threads)); prints the median milliseconds per call
over --rounds timed rounds (after one untimed warm-up call), and with --json OUT writes them as JSON:
  --case mlp   MLP 10 -> 200 -> 200 -> 200 -> 200 -> 8, SiLU between layers (none at the output),
               batch 256; one call = zero_grad, forward, MSE against a fixed random target, backward,
               one Adam step (lr 1e-3). A round runs --calls calls (default 50) and reports ms per call.
  --case rssm  one DreamerV3-style world-model training step, batch 16 x 64 steps, observation 10,
               action 2 (the layout is in rssm_model below): forward over the 64 steps, backward,
               global-norm clip 1000, Adam (lr 1e-4). One call per round (--calls to change).
  --case conv  convolutional encoder/decoder on 1024 frames of 64x64x3 in one batch (--chunk to split),
               forward + backward, no optimiser step; reported per 1024 frames. One call per round.

How to run
    apt-get install -y python3-torch libopenblas0-pthread
    OMP_WAIT_POLICY=PASSIVE nice -n 10 /usr/bin/python3 benchmarks/python/torch_tape_bench.py \
        --case rssm [--threads 2] [--rounds 5] [--calls N] [--json out.json]

Where the model formulas come from (facts read from the sources, no code copied)
    RSSM: DreamerV3 as first released (github.com/danijar/dreamerv3 commit 8fa35f8): dreamerv3/nets.py
      RSSM (img_in Linear + LayerNorm + SiLU, _gru lines 131-140, unimix in _stats lines 142-152,
      dyn_loss/rep_loss with free = 1.0 lines 162-187), Linear without bias before a norm (562-590),
      LayerNorm eps 1e-3 (Norm, 593-608); dreamerv3/jaxutils.py OneHotDist.sample (straight-through);
      configs.yaml loss_scales dyn 0.5, rep 0.1, model_opt lr 1e-4, eps 1e-8, clip 1000; symlog
      inputs to the encoder (symlog_inputs: True). The sizes here are smaller than DreamerV3's
      (deter 512, hidden 512, 32 x 16 latents; DreamerV3 v1 default deter 4096, units 1024, 32 x 32).
      The GRU cell is the one of tape_reference.py / gru.txt (x rows of W first; DreamerV3 puts deter first).
    conv: the plain strided encoder/decoder named in the case description (k4, s2, p1).
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


# ----------------------------------------------------------------------------------------------------
# mlp
# ----------------------------------------------------------------------------------------------------

def mlp_case(args):
    torch.manual_seed(0)
    sizes = [10, 200, 200, 200, 200, 8]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.SiLU())
    model = nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(256, 10)
    target = torch.randn(256, 8)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(model(x), target)
        loss.backward()
        opt.step()
        return loss

    return step, model, {"batch": 256, "layers": sizes}


# ----------------------------------------------------------------------------------------------------
# rssm
# ----------------------------------------------------------------------------------------------------

LN_EPS = 1e-3


def symlog(x):
    return torch.sign(x) * torch.log1p(torch.abs(x))


class Dense(nn.Module):
    """Linear without bias -> LayerNorm(eps 1e-3, gain and bias) -> SiLU (DreamerV3 v1 Linear with norm='layer')."""

    def __init__(self, nin, nout):
        super().__init__()
        self.linear = nn.Linear(nin, nout, bias=False)
        self.norm = nn.LayerNorm(nout, eps=LN_EPS)

    def forward(self, x):
        return F.silu(self.norm(self.linear(x)))


class GRUCell(nn.Module):
    """gru.txt's cell: z = cat([x, h]) @ W (no bias); LayerNorm(eps 1e-3); r, c, u; u = sigmoid(u - 1)."""

    def __init__(self, nin, nh):
        super().__init__()
        self.linear = nn.Linear(nin + nh, 3 * nh, bias=False)
        self.norm = nn.LayerNorm(3 * nh, eps=LN_EPS)

    def forward(self, x, h):
        n = self.norm(self.linear(torch.cat([x, h], -1)))
        r, c, u = torch.chunk(n, 3, -1)
        r = torch.sigmoid(r)
        c = torch.tanh(r * c)
        u = torch.sigmoid(u - 1.0)
        return u * c + (1.0 - u) * h


class RSSMWorldModel(nn.Module):
    def __init__(self, obs=10, act=2, deter=512, hidden=512, embed=512, stoch=32, classes=16):
        super().__init__()
        self.stoch, self.classes, self.deter = stoch, classes, deter
        flat = stoch * classes
        self.encoder = nn.Sequential(Dense(obs, hidden), Dense(hidden, embed))
        self.img_in = Dense(flat + act, hidden)
        self.gru = GRUCell(hidden, deter)
        self.prior = nn.Sequential(Dense(deter, hidden), nn.Linear(hidden, flat))
        self.post = nn.Sequential(Dense(deter + embed, hidden), nn.Linear(hidden, flat))
        self.decoder = nn.Sequential(Dense(deter + flat, hidden), Dense(hidden, hidden), nn.Linear(hidden, obs))

    def probs(self, logits):
        """[..., 32*16] logits -> [..., 32, 16] probabilities with 1% uniform mix."""
        logits = logits.view(*logits.shape[:-1], self.stoch, self.classes)
        return 0.99 * torch.softmax(logits, -1) + 0.01 / self.classes

    def sample(self, probs):
        """One-hot sample with straight-through gradient: sample + probs - sg(probs)."""
        index = torch.multinomial(probs.reshape(-1, self.classes).detach(), 1)
        onehot = torch.zeros_like(probs).view(-1, self.classes).scatter_(1, index, 1.0).view_as(probs)
        return onehot + probs - probs.detach()

    def loss(self, obs, actions):
        B, T, _ = obs.shape
        target = symlog(obs)
        embed = self.encoder(target)                       # symlog inputs, [B, T, 512]
        h = obs.new_zeros(B, self.deter)
        z = obs.new_zeros(B, self.stoch * self.classes)
        deters, stochs, post_probs, prior_probs = [], [], [], []
        for t in range(T):
            x = self.img_in(torch.cat([z, actions[:, t]], -1))
            h = self.gru(x, h)
            prior = self.probs(self.prior(h))
            post = self.probs(self.post(torch.cat([h, embed[:, t]], -1)))
            z = self.sample(post).reshape(B, -1)            # the posterior sample feeds the next step
            deters.append(h)
            stochs.append(z)
            post_probs.append(post)
            prior_probs.append(prior)
        deter = torch.stack(deters, 1)
        stoch = torch.stack(stochs, 1)
        post = torch.stack(post_probs, 1)                   # [B, T, 32, 16]
        prior = torch.stack(prior_probs, 1)
        recon = F.mse_loss(self.decoder(torch.cat([deter, stoch], -1)), target)

        def kl(p, q):                                       # summed over classes and the 32 variables
            return (p * (torch.log(p) - torch.log(q))).sum((-2, -1))

        dyn = torch.clamp(kl(post.detach(), prior), min=1.0).mean()
        rep = torch.clamp(kl(post, prior.detach()), min=1.0).mean()
        return recon + 0.5 * dyn + 0.1 * rep


def rssm_case(args):
    torch.manual_seed(0)
    B, T = 16, 64
    model = RSSMWorldModel()
    opt = torch.optim.Adam(model.parameters(), lr=1e-4, eps=1e-8)
    obs = torch.randn(B, T, 10) * 3.0
    actions = torch.rand(B, T, 2) * 2.0 - 1.0

    def step():
        opt.zero_grad(set_to_none=True)
        loss = model.loss(obs, actions)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1000.0)
        opt.step()
        return loss

    parts = {name: sum(p.numel() for p in mod.parameters()) for name, mod in model.named_children()}
    return step, model, {"batch": B, "steps": T, "obs": 10, "action": 2, "deter": 512, "hidden": 512,
                         "stoch": "32x16", "params_by_part": parts}


# ----------------------------------------------------------------------------------------------------
# conv
# ----------------------------------------------------------------------------------------------------

def conv_case(args):
    torch.manual_seed(0)
    enc, dec = [], []
    chans = [3, 32, 64, 128, 256]
    for i in range(4):
        enc += [nn.Conv2d(chans[i], chans[i + 1], 4, stride=2, padding=1), nn.SiLU()]
    rev = chans[::-1]
    for i in range(4):
        dec.append(nn.ConvTranspose2d(rev[i], rev[i + 1], 4, stride=2, padding=1))
        if i < 3:
            dec.append(nn.SiLU())
    model = nn.Sequential(*enc, *dec)
    frames = torch.rand(1024, 3, 64, 64)
    chunk = args.chunk or 1024
    n_chunks = 1024 // chunk

    def step():
        for p in model.parameters():
            p.grad = None
        total = 0.0
        for i in range(n_chunks):
            x = frames[i * chunk:(i + 1) * chunk]
            loss = F.mse_loss(model(x), x) / n_chunks      # mean over the 1024 frames either way
            loss.backward()
            total += float(loss)
        return total

    return step, model, {"frames": 1024, "chunk": chunk, "shape": "NCHW 3x64x64"}


CASES = {"mlp": (mlp_case, 50), "rssm": (rssm_case, 1), "conv": (conv_case, 1)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", required=True, choices=sorted(CASES))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=None, help="calls per round (default: mlp 50, else 1)")
    parser.add_argument("--chunk", type=int, default=None, help="conv: frames per forward/backward (divides 1024)")
    parser.add_argument("--json", default=None, help="write the results to this JSON file")
    args = parser.parse_args(argv)
    if args.chunk is not None and (args.chunk <= 0 or 1024 % args.chunk):
        parser.error("--chunk must divide 1024")

    torch.set_num_threads(args.threads)
    make, default_calls = CASES[args.case]
    calls = args.calls or default_calls
    step, model, info = make(args)
    params = sum(p.numel() for p in model.parameters())
    print("case %s: %d parameters, threads %d, torch %s" % (args.case, params, args.threads, torch.__version__))
    if "params_by_part" in info:
        print("  parameters by part: " + ", ".join("%s %d" % kv for kv in info["params_by_part"].items()))

    step()                                                  # warm-up, untimed
    times_ms = []
    cpu_ms = []
    for r in range(args.rounds):
        start = time.perf_counter()
        cpu_start = time.process_time()                     # all threads of the process
        for _ in range(calls):
            loss = step()
        ms = (time.perf_counter() - start) * 1000.0 / calls
        cpu = (time.process_time() - cpu_start) * 1000.0 / calls
        times_ms.append(ms)
        cpu_ms.append(cpu)
        print("  round %d: %.3f ms per call, %.3f ms CPU time (loss %.5g)" % (r + 1, ms, cpu, float(loss)))
    median = statistics.median(times_ms)
    unit = "per 1024 frames" if args.case == "conv" else "per call"
    print("case %s: median %.3f ms %s over %d rounds of %d calls (CPU time, all threads: median %.3f ms)"
          % (args.case, median, unit, args.rounds, calls, statistics.median(cpu_ms)))

    if args.json:
        result = {"case": args.case, "median_ms": median, "unit": unit, "rounds_ms": times_ms,
                  "rounds": args.rounds, "calls_per_round": calls, "threads": args.threads,
                  "parameters": params, "info": info, "torch": torch.__version__, "dtype": "float32",
                  "machine": platform.processor() or platform.machine(), "cpus": os.cpu_count()}
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
