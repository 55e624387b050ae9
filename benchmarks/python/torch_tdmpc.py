"""PyTorch CPU timings of TD-MPC2's two hot paths, the same model and planner as mbrl4j's Tdmpc (TdmpcStepRun).

What it measures (float32, CPU, torch.set_num_threads(--threads)); prints the median milliseconds per call over
--rounds timed rounds, after --warmup untimed calls of each:
  update  one training update (Tdmpc.update): encode the next observations, TD targets from two target Q
          functions, a latent rollout of H steps with consistency, reward and Q (two-hot cross-entropy) losses,
          global-norm clip, Adam on encoder (lr x encLrScale) and the rest; then the policy prior's loss on the
          detached latents, its own Adam step with clipping; then the Polyak update of the target Q functions.
  act     one planning step (Tdmpc.act in training mode): encode one observation, roll the policy prior for
          numPiTrajs trajectories, MPPI for `iterations` rounds over numSamples sequences whose values are
          the discounted decoded rewards plus the mean of two Q functions at the horizon, then an elite drawn by
          its weight plus exploration noise.
Sizes: --size tiny (TdmpcConfig.tiny(): encoder 64, MLPs 64, latent 32, 2 Q functions, batch 64, MPPI 128
samples with 12 from the policy, 16 elites, 4 iterations) or --size 1m (TdmpcConfig.size1M(): encoder 256,
MLPs 384, latent 128, 2 Q functions, batch 256, MPPI 512 samples, 24 from the policy, 64 elites, 6 iterations);
observation 3 and action 1 (Pendulum-v1), horizon 3, 101 two-hot bins on [-10, 10] in symlog space.

How to run
    apt-get install -y python3-torch libopenblas0-pthread
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 benchmarks/python/torch_tdmpc.py --case update --size tiny

Where the formulas come from (facts read from the sources, no code copied): TD-MPC2 (Hansen, Su and Wang 2024),
github.com/nicklashansen/tdmpc2: tdmpc2/common/layers.py (NormedLinear = Linear, dropout, LayerNorm, Mish;
SimNorm over groups of 8), tdmpc2/common/world_model.py (heads, Q ensemble with two drawn at random),
tdmpc2/common/math.py (two-hot over symlog bins), tdmpc2/tdmpc2.py (losses, rho weighting, policy objective
with the running scale, MPPI). The layout of each network follows mbrl4j's TdmpcWorldModel so that both sides
compute the same thing.
"""

import argparse
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

SIZES = {
    "tiny": dict(enc=64, mlp=64, latent=32, num_q=2, batch=64, samples=128, pi_trajs=12, elites=16, iterations=4),
    "small": dict(enc=128, mlp=128, latent=64, num_q=2, batch=64, samples=128, pi_trajs=12, elites=16, iterations=4),
    "1m": dict(enc=256, mlp=384, latent=128, num_q=2, batch=256, samples=512, pi_trajs=24, elites=64,
               iterations=6),
}
OBS, ACT, H, BINS, VMIN, VMAX, GROUP = 3, 1, 3, 101, -10.0, 10.0, 8
RHO, LR, ENC_LR_SCALE, CLIP, TAU, ENTROPY = 0.5, 3e-4, 0.3, 20.0, 0.01, 1e-4
LOG_STD_MIN, LOG_STD_MAX, MIN_STD, MAX_STD, TEMPERATURE = -10.0, 2.0, 0.05, 2.0, 0.5
DISCOUNT = 0.975  # Pendulum-v1: 200-step episodes, (200/5 - 1) / (200/5) clipped to [0.95, 0.995]


class NormedLinear(nn.Module):
    def __init__(self, n_in, n_out, act="mish", dropout=0.0):
        super().__init__()
        self.linear = nn.Linear(n_in, n_out)
        nn.init.trunc_normal_(self.linear.weight, std=0.02)
        nn.init.zeros_(self.linear.bias)
        self.ln = nn.LayerNorm(n_out, eps=1e-5)
        self.act = act
        self.dropout = nn.Dropout(dropout) if dropout > 0 else None

    def forward(self, x):
        x = self.linear(x)
        if self.dropout is not None:
            x = self.dropout(x)
        x = self.ln(x)
        if self.act == "mish":
            return F.mish(x)
        shape = x.shape
        return F.softmax(x.view(*shape[:-1], -1, GROUP), dim=-1).view(shape)


def mlp(n_in, widths, n_out, simnorm=False, dropout=0.0, zero_out=False):
    layers = []
    for i, w in enumerate(widths):
        layers.append(NormedLinear(n_in, w, dropout=dropout if i == 0 else 0.0))
        n_in = w
    if simnorm:
        layers.append(NormedLinear(n_in, n_out, act="simnorm"))
    else:
        out = nn.Linear(n_in, n_out)
        if zero_out:
            nn.init.zeros_(out.weight)
        else:
            nn.init.trunc_normal_(out.weight, std=0.02)
        nn.init.zeros_(out.bias)
        layers.append(out)
    return nn.Sequential(*layers)


def symlog(x):
    return torch.sign(x) * torch.log1p(x.abs())


def symexp(x):
    return torch.sign(x) * (torch.exp(x.abs()) - 1)


BIN_VALUES = torch.linspace(VMIN, VMAX, BINS)
BIN_SIZE = (VMAX - VMIN) / (BINS - 1)


def two_hot(x):
    x = symlog(x).clamp(VMIN, VMAX)
    idx = torch.floor((x - VMIN) / BIN_SIZE).long().clamp(0, BINS - 1)
    off = ((x - VMIN) / BIN_SIZE - idx.float()).unsqueeze(-1)
    t = torch.zeros(x.shape[0], BINS)
    t.scatter_(1, idx.unsqueeze(-1), 1 - off)
    t.scatter_(1, (idx.unsqueeze(-1) + 1).clamp(max=BINS - 1), off, reduce="add")
    return t


def two_hot_mean(logits):
    return symexp((F.softmax(logits, dim=-1) * BIN_VALUES).sum(-1))


def two_hot_ce(logits, values):
    return -(two_hot(values) * F.log_softmax(logits, dim=-1)).sum(-1)


class WorldModel(nn.Module):
    def __init__(self, s):
        super().__init__()
        lat, w = s["latent"], [s["mlp"], s["mlp"]]
        self.encoder = mlp(OBS, [s["enc"]], lat, simnorm=True)
        self.dynamics = mlp(lat + ACT, w, lat, simnorm=True)
        self.reward = mlp(lat + ACT, w, BINS, zero_out=True)
        self.pi = mlp(lat, w, 2 * ACT)
        self.qs = nn.ModuleList([mlp(lat + ACT, w, BINS, dropout=0.01, zero_out=True) for _ in range(s["num_q"])])
        self.target_qs = nn.ModuleList([mlp(lat + ACT, w, BINS, dropout=0.01, zero_out=True)
                                        for _ in range(s["num_q"])])
        self.target_qs.load_state_dict(self.qs.state_dict())
        for p in self.target_qs.parameters():
            p.requires_grad_(False)
        self.target_qs.eval()

    def next(self, z, a):
        return self.dynamics(torch.cat([z, a], -1))

    def policy(self, z):
        mean, raw = self.pi(z).chunk(2, -1)
        log_std = LOG_STD_MIN + 0.5 * (LOG_STD_MAX - LOG_STD_MIN) * (torch.tanh(raw) + 1)
        eps = torch.randn_like(mean)
        u = mean + log_std.exp() * eps
        gauss = (-0.5 * eps.pow(2) - log_std - 0.5 * math.log(2 * math.pi)).sum(-1)
        return torch.tanh(u), -gauss * ACT

    def q_pair(self, nets, z, a):
        i, j = torch.randperm(len(nets))[:2].tolist()
        x = torch.cat([z, a], -1)
        return two_hot_mean(nets[i](x)), two_hot_mean(nets[j](x))


class Agent:
    def __init__(self, s):
        self.s = s
        self.model = WorldModel(s)
        m = self.model
        self.enc_opt = torch.optim.Adam([
            {"params": m.encoder.parameters(), "lr": LR * ENC_LR_SCALE},
            {"params": list(m.dynamics.parameters()) + list(m.reward.parameters()) + list(m.qs.parameters())}],
            lr=LR)
        self.pi_opt = torch.optim.Adam(m.pi.parameters(), lr=LR, eps=1e-5)
        self.world_params = [p for g in self.enc_opt.param_groups for p in g["params"]]
        self.scale = 1.0
        self.prev_mean = torch.zeros(H, ACT)

    def update(self, obs, act, rew):
        """obs [H+1, B, OBS], act [H, B, ACT], rew [H, B]."""
        m, b = self.model, obs.shape[1]
        with torch.no_grad():
            next_z = m.encoder(obs[1:])
            next_a, _ = m.policy(next_z)
            q1, q2 = m.q_pair(m.target_qs, next_z.reshape(-1, next_z.shape[-1]), next_a.reshape(-1, ACT))
            td = rew.reshape(-1) + DISCOUNT * torch.minimum(q1, q2)
        m.qs.train()
        z = m.encoder(obs[0])
        zs, cons = [z], 0.0
        for t in range(H):
            z = m.next(z, act[t])
            zs.append(z)
            cons = cons + F.mse_loss(z, next_z[t]) * RHO ** t
        z_pred = torch.cat(zs[:-1], 0)
        a = act.reshape(-1, ACT)
        w = torch.cat([torch.full((b,), RHO ** t / b) for t in range(H)])
        x = torch.cat([z_pred, a], -1)
        rew_loss = (two_hot_ce(m.reward(x), rew.reshape(-1)) * w).sum()
        val_loss = sum((two_hot_ce(q(x), td) * w).sum() for q in m.qs)
        loss = 20 * cons / H + 0.1 * rew_loss / H + 0.1 * val_loss / (H * len(m.qs))
        self.enc_opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.world_params, CLIP)
        self.enc_opt.step()
        # policy prior on the detached latents
        zc = torch.cat(zs, 0).detach()
        for p in m.qs.parameters():
            p.requires_grad_(False)
        action, scaled_entropy = m.policy(zc)
        q1, q2 = m.q_pair(m.qs, zc, action)
        q_avg = 0.5 * (q1 + q2)
        q_first = q_avg[:b].detach()
        rng = torch.quantile(q_first, 0.95) - torch.quantile(q_first, 0.05)
        self.scale += TAU * (max(rng.item(), 1.0) - self.scale)
        wp = torch.cat([torch.full((b,), RHO ** t / (b * (H + 1))) for t in range(H + 1)])
        pi_loss = (-(ENTROPY * scaled_entropy + q_avg / self.scale) * wp).sum()
        self.pi_opt.zero_grad(set_to_none=True)
        pi_loss.backward()
        torch.nn.utils.clip_grad_norm_(m.pi.parameters(), CLIP)
        self.pi_opt.step()
        for p in m.qs.parameters():
            p.requires_grad_(True)
        with torch.no_grad():
            for t, o in zip(m.target_qs.parameters(), m.qs.parameters()):
                t.lerp_(o, TAU)
        return loss.item()

    @torch.no_grad()
    def act(self, obs):
        m, s = self.model, self.s
        m.qs.eval()
        n, pi, elites = s["samples"], s["pi_trajs"], s["elites"]
        z0 = m.encoder(obs.view(1, OBS))
        actions = torch.empty(n, H, ACT)
        z = z0.expand(pi, -1)
        for t in range(H):
            a, _ = m.policy(z)
            actions[:pi, t] = a
            if t < H - 1:
                z = m.next(z, a)
        mean = torch.zeros(H, ACT)
        mean[:-1] = self.prev_mean[1:]
        std = torch.full((H, ACT), MAX_STD)
        for _ in range(s["iterations"]):
            actions[pi:] = (mean + std * torch.randn(n - pi, H, ACT)).clamp(-1, 1)
            g, weight, z = torch.zeros(n), 1.0, z0.expand(n, -1)
            for t in range(H):
                x = torch.cat([z, actions[:, t]], -1)
                g += weight * two_hot_mean(m.reward(x))
                z = m.dynamics(x)
                weight *= DISCOUNT
            a, _ = m.policy(z)
            q1, q2 = m.q_pair(m.qs, z, a)
            g += weight * 0.5 * (q1 + q2)
            g = torch.nan_to_num(g)
            top = torch.topk(g, elites).indices
            elite_v, elite_a = g[top], actions[top]
            score = torch.exp(TEMPERATURE * (elite_v - elite_v.max()))
            score /= score.sum()
            mean = (score.view(-1, 1, 1) * elite_a).sum(0)
            std = ((score.view(-1, 1, 1) * (elite_a - mean) ** 2).sum(0)).sqrt().clamp(MIN_STD, MAX_STD)
        chosen = torch.multinomial(score, 1).item()
        a = (elite_a[chosen, 0] + std[0] * torch.randn(ACT)).clamp(-1, 1)
        self.prev_mean = mean
        return a


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", choices=["update", "act"], required=True)
    parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    s = SIZES[args.size]
    agent = Agent(s)
    b = s["batch"]
    obs = torch.randn(H + 1, b, OBS)
    act = torch.rand(H, b, ACT) * 2 - 1
    rew = -torch.rand(H, b) * 10
    one = torch.randn(OBS)
    call = (lambda: agent.update(obs, act, rew)) if args.case == "update" else (lambda: agent.act(one))
    for _ in range(args.warmup):
        call()
    times = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for _ in range(args.calls):
            call()
        times.append((time.perf_counter() - t0) * 1e3 / args.calls)
    print("tdmpc %s %s: median %.3f ms per call over %d rounds of %d calls (%s)"
          % (args.case, args.size, statistics.median(times), args.rounds, args.calls,
             ", ".join("%.3f" % t for t in times)))


if __name__ == "__main__":
    main()
