#!/usr/bin/env python3
"""The PETS workloads of PetsModelBench and CemActionBenchmark, in plain PyTorch on the CPU.

Same model, data, sizes and algorithm as the Java benchmarks, so that the two can run side by side on
one machine and be compared as ratios. The sizes are mbrl-lib's PETS cart-pole configuration
(mbrl/examples/conf: algorithm/pets.yaml, dynamics_model/gaussian_mlp_ensemble.yaml,
overrides/pets_cartpole.yaml, action_optimizer/cem.yaml):

  model     probabilistic ensemble, 7 members, inputs obs 4 + action 1 (normalised by the data's mean and
            standard deviation), 4 hidden layers of 200 SiLU units, Gaussian head 2 x 4 (mean, raw
            log-variance) predicting the observation delta; log-variance soft-bounded to [-10, 0.5]
            (fixed bounds); weights truncated-normal with std 1 / (2 sqrt(fan_in)), biases zero.
  data      10,000 random transitions: obs ~ N(0, 0.5^2), act ~ U(-1, 1),
            next = obs + 0.05 N(0, 1) + 0.02 sum(act).
  training  one epoch: 40 batches of 256 rows per member (each member draws from its own bootstrap
            resample), Gaussian NLL  sum_e mean_{b,d}((mu - y)^2 exp(-logvar) + logvar)
            + 0.01 (sum maxLogvar - sum minLogvar), Adam lr 7.5e-4, weight decay 3e-5.
  eval      the mean squared error of every member's predicted mean over the 10,000 rows, in chunks
            of 512 rows.
  forward   the raw network on [7, 1000, 5]; the full prediction on [7, 1000, 4 + 1] (normalisation,
            log-variance bound, delta added); the 5-elite shape [5, 1400, 5].
  CEM       one action: 5 iterations x 350 sequences x 20 particles x 15 steps; TS1 propagation (every
            step each particle row goes through one of the 5 elite members, drawn at random, and its
            next state is sampled from that member's Gaussian); elite ratio 0.1, momentum alpha 0.1,
            truncated-normal samples within the bounds [-1, 1], no early stop; reward 1 - done(next)
            with done = |x| > 2.4 or |theta| > 12 deg, no termination (CemActionBenchmark's setup).

FLOPs are the linear layers' multiply-adds x 2 (activations, sampling and reward are not counted):
  per row     F = 2 sum_i d_i d_{i+1} with d = [5, 200, 200, 200, 200, 8]  (245,200)
  CEM action  iterations x population x particles x horizon x F             (128.7 GFLOP)
  epoch       3 x F x members x batch x batches (backward ~ 2 x forward)     (52.7 GFLOP)
  eval        F x members x rows                                            (17.2 GFLOP)

Usage (Debian's interpreter with python3-torch and libopenblas0-pthread):
  /usr/bin/python3 benchmarks/python/torch_pets.py [--threads 2] [--quick] [--only train,eval,forward,cem]
                                                     [--json FILE]
"""
import argparse
import json
import math
import os
import statistics
import sys
import time


def _threads_from_argv(default=2):
    """The --threads value, read before torch loads (its thread pools size themselves at import)."""
    for i, arg in enumerate(sys.argv):
        if arg == "--threads" and i + 1 < len(sys.argv):
            return sys.argv[i + 1]
        if arg.startswith("--threads="):
            return arg.split("=", 1)[1]
    return str(default)


# With Debian's torch, products run in OpenBLAS's pthreads and element-wise ops in torch's OpenMP threads;
# libgomp's default spin-wait after each parallel region starves the OpenBLAS threads on a small machine.
os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
os.environ.setdefault("OPENBLAS_NUM_THREADS", _threads_from_argv())
os.environ.setdefault("OMP_NUM_THREADS", _threads_from_argv())

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

OBS, ACT = 4, 1
MEMBERS, ELITES = 7, 5
HIDDEN_LAYERS, HIDDEN = 4, 200
MIN_LOGVAR, MAX_LOGVAR, BOUND_PENALTY = -10.0, 0.5, 0.01
LR, WEIGHT_DECAY, BATCH = 7.5e-4, 3e-5, 256
TRANSITIONS = 10_000
EVAL_CHUNK = 512
POPULATION, PARTICLES, HORIZON, ITERATIONS = 350, 20, 15, 5
ELITE_RATIO, ALPHA = 0.1, 0.1
X_LIMIT, THETA_LIMIT = 2.4, 12 * 2 * math.pi / 360


def layer_sizes():
    return [OBS + ACT] + [HIDDEN] * HIDDEN_LAYERS + [2 * OBS]


def flops_per_row():
    d = layer_sizes()
    return 2 * sum(a * b for a, b in zip(d[:-1], d[1:]))


def truncated_normal(shape, std, generator):
    """Normal(0, std^2) samples redrawn until they lie within two standard deviations."""
    x = torch.randn(shape, generator=generator) * std
    outside = x.abs() > 2 * std
    while outside.any():
        x[outside] = torch.randn(int(outside.sum()), generator=generator) * std
        outside = x.abs() > 2 * std
    return x


class Ensemble(torch.nn.Module):
    """E independent MLPs evaluated as batched products: inputs [M, N, in] -> mean, logvar [M, N, obs]."""

    def __init__(self, generator):
        super().__init__()
        d = layer_sizes()
        self.weights = torch.nn.ParameterList(
            torch.nn.Parameter(truncated_normal((MEMBERS, fan_in, fan_out), 1 / (2 * math.sqrt(fan_in)), generator))
            for fan_in, fan_out in zip(d[:-1], d[1:]))
        self.biases = torch.nn.ParameterList(
            torch.nn.Parameter(torch.zeros(MEMBERS, 1, fan_out)) for fan_out in d[1:])
        # Fixed bounds (mbrl-lib's learn_logvar_bounds: false): buffers, not trained.
        self.register_buffer("min_logvar", torch.full((1, OBS), MIN_LOGVAR))
        self.register_buffer("max_logvar", torch.full((1, OBS), MAX_LOGVAR))

    def raw(self, x, members=None):
        """The network alone: [M, N, in] -> [M, N, 2 obs]; members selects M of the E members."""
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            if members is not None:
                w, b = w[members], b[members]
            x = torch.baddbmm(b, x, w)
            if i < last:
                x = F.silu(x)
        return x

    def forward(self, x, members=None):
        out = self.raw(x, members)
        mean, logvar = out[..., :OBS], out[..., OBS:]
        logvar = self.max_logvar - F.softplus(self.max_logvar - logvar)
        logvar = self.min_logvar + F.softplus(logvar - self.min_logvar)
        return mean, logvar


class PetsWorkloads:
    """The model, its trainer state and the CEM planner, with one method per timed workload."""

    def __init__(self, seed=0):
        self.gen = torch.Generator().manual_seed(seed)
        self.model = Ensemble(self.gen)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
        obs, act, nxt = self.random_transitions(TRANSITIONS)
        inputs = torch.cat([obs, act], 1)
        self.in_mean = inputs.mean(0, keepdim=True)
        self.in_std = inputs.std(0, keepdim=True).clamp_min(1e-12)
        self.inputs = self.normalise(inputs)
        self.targets = nxt - obs
        self.bootstrap = torch.randint(0, TRANSITIONS, (MEMBERS, TRANSITIONS), generator=self.gen)
        self.elites = list(range(ELITES))
        self.previous_plan = torch.zeros(HORIZON, ACT)

    def random_transitions(self, n):
        obs = 0.5 * torch.randn(n, OBS, generator=self.gen)
        act = 2 * torch.rand(n, ACT, generator=self.gen) - 1
        nxt = obs + 0.05 * torch.randn(n, OBS, generator=self.gen) + 0.02 * act.sum(1, keepdim=True)
        return obs, act, nxt

    def normalise(self, inputs):
        return (inputs - self.in_mean) / self.in_std

    # ---- training
    def nll(self, x, y):
        mean, logvar = self.model(x)
        per_member = ((mean - y) ** 2 * torch.exp(-logvar) + logvar).mean((1, 2))
        return per_member.sum() + BOUND_PENALTY * (self.model.max_logvar.sum() - self.model.min_logvar.sum())

    def train_epoch(self):
        order = torch.randperm(TRANSITIONS, generator=self.gen)
        for start in range(0, TRANSITIONS, BATCH):
            rows = self.bootstrap[:, order[start:start + BATCH]]  # [E, b]: each member's own resample
            self.optimizer.zero_grad(set_to_none=True)
            self.nll(self.inputs[rows], self.targets[rows]).backward()
            self.optimizer.step()

    @torch.no_grad()
    def evaluate(self):
        sums = torch.zeros(MEMBERS)
        for start in range(0, TRANSITIONS, EVAL_CHUNK):
            x = self.inputs[start:start + EVAL_CHUNK].expand(MEMBERS, -1, -1)
            mean = self.model.raw(x)[..., :OBS]
            sums += ((mean - self.targets[start:start + EVAL_CHUNK]) ** 2).sum((1, 2))
        return sums / (TRANSITIONS * OBS)

    # ---- prediction
    @torch.no_grad()
    def predict_per_member(self, obs, act):
        """[M, N, obs] and [M, N, act] -> the next-state mean and log-variance per member."""
        mean, logvar = self.model(self.normalise(torch.cat([obs, act], -1)))
        return obs + mean, logvar

    # ---- planning
    @staticmethod
    def reward(next_obs):
        x, theta = next_obs[:, 0], next_obs[:, 2]
        done = (x.abs() > X_LIMIT) | (theta.abs() > THETA_LIMIT)
        return 1.0 - done.float()

    @torch.no_grad()
    def sequence_values(self, start, population):
        """Mean return over particles of each action sequence [P, H, A] -> [P], TS1 over the elites."""
        rows = POPULATION * PARTICLES
        per_member = rows // len(self.elites)
        state = start.expand(rows, OBS).clone()
        returns = torch.zeros(rows)
        for t in range(HORIZON):
            act = population[:, t, :].repeat_interleave(PARTICLES, 0)
            x = self.normalise(torch.cat([state, act], 1))
            assignment = torch.randperm(rows, generator=self.gen)  # row assignment[i] -> member i // per_member
            mean, logvar = self.model(x[assignment].view(len(self.elites), per_member, -1), self.elites)
            noise = torch.randn(mean.shape, generator=self.gen)
            delta = torch.empty(rows, OBS)
            delta[assignment] = (mean + torch.exp(0.5 * logvar) * noise).reshape(rows, OBS)
            state = state + delta
            returns += self.reward(state)
        return returns.view(POPULATION, PARTICLES).mean(1)

    @torch.no_grad()
    def cem_action(self, obs):
        low, high = -torch.ones(HORIZON, ACT), torch.ones(HORIZON, ACT)
        mu = self.previous_plan.clone()
        var = (high - low) ** 2 / 16
        n_elite = math.ceil(POPULATION * ELITE_RATIO)
        start = obs.view(1, OBS)
        for _ in range(ITERATIONS):
            room = torch.minimum((mu - low) / 2, (high - mu) / 2)
            std = torch.sqrt(torch.minimum(var, room ** 2))
            population = mu + std * truncated_normal((POPULATION, HORIZON, ACT), 1.0, self.gen)
            values = self.sequence_values(start, population)
            values[torch.isnan(values)] = -float("inf")
            elite = population[values.topk(n_elite).indices]
            mu = ALPHA * mu + (1 - ALPHA) * elite.mean(0)
            var = ALPHA * var + (1 - ALPHA) * elite.var(0, unbiased=False)
        self.previous_plan = torch.cat([mu[1:], torch.zeros(1, ACT)])
        return mu[0]


def timeit(fn, warmup, repeats):
    for _ in range(warmup):
        fn()
    ms = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1e3)
    return {"median_ms": statistics.median(ms), "min_ms": min(ms), "max_ms": max(ms), "repeats": repeats}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    ap.add_argument("--only", default="train,eval,forward,cem",
                    help="comma-separated subset of train, eval, forward, cem")
    ap.add_argument("--json", default=None, help="also write the results to this file")
    args = ap.parse_args()
    wanted = set(args.only.split(","))
    unknown = wanted - {"train", "eval", "forward", "cem"}
    if unknown:
        ap.error(f"unknown workloads: {', '.join(sorted(unknown))}")
    torch.set_num_threads(args.threads)
    repeats = 2 if args.quick else 5
    bench = PetsWorkloads(seed=0)
    f = flops_per_row()
    results = {}

    def run(key, label, fn, warmup, reps, flop=None):
        r = timeit(fn, warmup, reps)
        if flop:
            r["gflop"] = flop / 1e9
            r["gflops_per_s"] = flop / r["median_ms"] / 1e6
        results[key] = r
        rate = f", {r['gflops_per_s']:.1f} GFLOP/s" if flop else ""
        print(f"torch {label:46s} median {r['median_ms']:9.2f} ms  (min {r['min_ms']:.2f}, "
              f"max {r['max_ms']:.2f}){rate}", flush=True)

    if "train" in wanted:
        batches = math.ceil(TRANSITIONS / BATCH)
        run("train_epoch", "train_epoch (7x4x200 SiLU, N=10000, batch 256)", bench.train_epoch, 1, repeats,
            3 * f * MEMBERS * BATCH * batches)
    if "eval" in wanted:
        run("eval_pass", "eval_pass (10000 rows x 7 members)", bench.evaluate, 1, repeats,
            f * MEMBERS * TRANSITIONS)
    if "forward" in wanted:
        with torch.no_grad():
            x7 = torch.randn(MEMBERS, 1000, OBS + ACT, generator=bench.gen)
            run("forward_network_7x1000", "forward network [7, 1000, 5]", lambda: bench.model.raw(x7), 3,
                repeats * 4, f * MEMBERS * 1000)
            obs7 = torch.randn(MEMBERS, 1000, OBS, generator=bench.gen)
            act7 = torch.randn(MEMBERS, 1000, ACT, generator=bench.gen)
            run("forward_predict_7x1000", "forward predictPerMember [7, 1000, 4+1]",
                lambda: bench.predict_per_member(obs7, act7), 3, repeats * 4, f * MEMBERS * 1000)
            x5 = torch.randn(ELITES, 1400, OBS + ACT, generator=bench.gen)
            run("forward_network_5x1400", "forward network [5, 1400, 5] (5 elites)",
                lambda: bench.model.raw(x5, bench.elites), 3, repeats * 4, f * ELITES * 1400)
    if "cem" in wanted:
        obs = torch.zeros(OBS)
        run("cem_action", "CEM action (PETS cart-pole preset)", lambda: bench.cem_action(obs),
            1 if args.quick else 2, 1 if args.quick else 3,
            ITERATIONS * POPULATION * PARTICLES * HORIZON * f)
    print(f"threads {args.threads}, torch {torch.__version__}, OMP_WAIT_POLICY={os.environ['OMP_WAIT_POLICY']}")
    if args.json:
        results["torch"] = torch.__version__
        results["threads"] = args.threads
        results["date"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1)
        print("results written to", args.json)


if __name__ == "__main__":
    main()
