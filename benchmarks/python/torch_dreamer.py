"""PyTorch CPU timing of one Dreamer training update, the same model and update as mbrl4j's Dreamer (DreamerStepRun).

What it measures (float32, CPU, torch.set_num_threads(--threads)); prints the number of trainable parameters and the
median milliseconds per call over --rounds timed rounds of --calls calls, after --warmup untimed calls, of one
update on one fixed batch of 16 windows of 64 transitions (65 observations each):
  1. world model: the RSSM filters the 65 steps (prior step: Linear-LayerNorm-SiLU on [z, a], LayerNorm GRU,
     prior MLP and a categorical sample; posterior MLP on [h, embedding] and its sample), then DreamerV3's loss:
     the decoder's squared error summed over the observation (symlog targets for vectors, pixels - 0.5 for images),
     two-hot reward cross-entropy and continue BCE on steps 1..64, KL balancing (dynamics 0.5, representation 0.1)
     with 1 free nat; global-norm clip 1000 and Adam (3e-4, eps 1e-8);
  2. imagination: 512 of the 16 x 65 posterior states (drawn without replacement, detached) rolled 15 prior steps
     under the actor (bounded normal, reparameterised, clipped to [-1, 1]); critic values of all 16 steps, rewards
     from the reward head, continue probabilities (no gradient), lambda-returns (0.95, discount 0.99), weights
     prod gamma c;
  3. actor: returns scaled by max(1, EMA(0.99) of the 95th - 5th percentile), entropy 3e-4, loss
     -mean w (R / S + eta H) backpropagated through the dynamics; clip 100, Adam (1e-4, eps 1e-5);
  4. critic: two-hot cross-entropy to the returns plus the slow critic's values on the detached states t < 15,
     weighted; clip 100, Adam (1e-4, eps 1e-5); then the slow critic's EMA (0.02).
Sizes (mbrl4j's DreamerConfig.small() with RssmConfig.small()): deter 256, hidden 256, 16 categorical latents of
16 classes with 1% unimix, MLP units 256 with 2 layers, LayerNorm eps 1e-3, SiLU; actor and critic 256 wide with 2
hidden layers; 255 reward / value bins symexp-spaced on [-20, 20] in symlog units; reward head and critic output
zero-initialised. --case vector: observation 3, action 1 (Pendulum-v1's sizes); --case conv: [3, S, S] images in
[0, 1] (S = --image-size, default 32), action 1, as mbrl4j dreamer --pixels builds the model: a conv encoder of
log2(S) - 2 stages from 3 to 16, 32, ... channels down to 4 x 4 (4x4 kernels, stride 2, padding 1, channel
LayerNorm, SiLU; 3 -> 16 -> 32 -> 64 at 32 x 32) and the mirrored transposed-conv decoder from a Linear.

Where PyTorch and mbrl4j differ in the ops, not in the model: the random draws come from each side's own
generator; two-hot targets are encoded here with torch.bucketize (mbrl4j: a binary search on the host); in the
actor phase only the actor's parameter gradients are computed here (torch.autograd.grad), while mbrl4j's tape
also fills, then clears, the world model's and critic's; torch's clip_grad_norm_ scales when the norm + 1e-6
exceeds the bound, mbrl4j when the norm does.

How to run
    apt-get install -y python3-torch libopenblas0-pthread
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 benchmarks/python/torch_dreamer.py --case vector --threads 2
With --check it runs one update from the initial weights and prints its losses instead of timing, the same line as
DreamerStepRun --check (the reward loss is log 255 on both sides; the other terms agree in size, not digits, since
the weights and draws differ).

Where the formulas come from (facts read from the sources, no code copied): DreamerV3 (Hafner et al. 2023),
github.com/danijar/dreamerv3 (configs.yaml, nets.py, agent.py, behaviors.py); the layout of every network
follows mbrl4j's Rssm, DreamerActor and DreamerCritic so that both sides compute the same thing.
"""

import argparse
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# RssmConfig.small()
DETER, HIDDEN, STOCH, CLASSES, UNIMIX, UNITS, LAYERS, DEPTH, EPS = 256, 256, 16, 16, 0.01, 256, 2, 16, 1e-3
FREE, DYN, REP = 1.0, 0.5, 0.1
LATENT = STOCH * CLASSES
FEAT = DETER + LATENT
# DreamerConfig.small()
AC_UNITS, AC_LAYERS, HORIZON, STARTS, LAMBDA, GAMMA, B, T = 256, 2, 15, 512, 0.95, 0.99, 16, 64
MODEL_LR, ACTOR_LR, CRITIC_LR = 3e-4, 1e-4, 1e-4
MODEL_CLIP, ACTOR_CLIP, CRITIC_CLIP = 1000.0, 100.0, 100.0
ENTROPY, MIN_STD, MAX_STD = 3e-4, 0.1, 1.0
SLOW_RATE, SLOW_REG, NORM_DECAY, NORM_LIMIT = 0.02, 1.0, 0.99, 1.0
ACT = 1
IMAGE = 32  # --image-size: a power of two >= 8
STAGES = 3  # stride-2 stages down to 4 x 4, as mbrl4j's Rssm: log2(IMAGE) - 2


def symlog(x):
    return torch.sign(x) * torch.log1p(x.abs())


def symexp_bins():
    lin = torch.linspace(-20, 20, 255, dtype=torch.float64)
    b = torch.sign(lin) * torch.expm1(lin.abs())
    b[127] = 0
    return b.float()


BINS = symexp_bins()
BINS64 = BINS.double()
K = BINS.numel()


def two_hot(x):
    """[N] values -> [N, K] two-hot targets over BINS (all mass on an end bin outside the range)."""
    lo = (torch.bucketize(x, BINS, right=True) - 1).clamp(0, K - 2)
    hi = lo + 1
    w_hi = ((x - BINS[lo]) / (BINS[hi] - BINS[lo])).clamp(0, 1)
    t = torch.zeros(x.shape[0], K)
    t.scatter_(1, lo[:, None], (1 - w_hi)[:, None])
    t.scatter_add_(1, hi[:, None], w_hi[:, None])
    return t


def two_hot_mean(logits):
    # the expectation in float64, as mbrl4j's TwoHot.mean: the bins reach +-4.9e8, so a float32 sum of
    # probabilities times bins cancels to noise of order 1 where the probabilities are near uniform
    return (torch.softmax(logits, -1).double() @ BINS64).float()


def two_hot_ce(logits, values):
    return -(two_hot(values) * torch.log_softmax(logits, -1)).sum(-1)


def mlp(inp, out, hidden, count, out_act=False, zero_out=False):
    """mbrl4j's DenseStack: count x (Linear without bias, LayerNorm, SiLU), then Linear with bias."""
    layers, width = [], inp
    for _ in range(count):
        layers += [nn.Linear(width, hidden, bias=False), nn.LayerNorm(hidden, eps=EPS), nn.SiLU()]
        width = hidden
    last = nn.Linear(width, out)
    nn.init.zeros_(last.bias)
    if zero_out:
        nn.init.zeros_(last.weight)
    layers.append(last)
    if out_act:
        layers.append(nn.SiLU())
    return nn.Sequential(*layers)


class ChannelNorm(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.norm = nn.LayerNorm(c, eps=EPS)

    def forward(self, x):
        return self.norm(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class ConvEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        layers, c = [], 3
        for i in range(STAGES):
            out = DEPTH << i
            conv = nn.Conv2d(c, out, 4, 2, 1, bias=False)
            nn.init.xavier_uniform_(conv.weight)
            layers += [conv, ChannelNorm(out), nn.SiLU()]
            c = out
        self.net = nn.Sequential(*layers)
        self.features = c * 4 * 4

    def forward(self, x):
        return self.net(x.reshape(-1, 3, IMAGE, IMAGE)).reshape(-1, self.features)


class ConvDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = DEPTH << (STAGES - 1)
        self.inp = nn.Linear(FEAT, self.first * 16)
        nn.init.xavier_uniform_(self.inp.weight)
        nn.init.zeros_(self.inp.bias)
        layers, c = [], self.first
        for i in range(STAGES):
            last = i == STAGES - 1
            out = 3 if last else c // 2
            deconv = nn.ConvTranspose2d(c, out, 4, 2, 1, bias=last)
            nn.init.xavier_uniform_(deconv.weight)
            layers.append(deconv)
            if last:
                nn.init.zeros_(deconv.bias)
            else:
                layers += [ChannelNorm(out), nn.SiLU()]
            c = out
        self.net = nn.Sequential(*layers)

    def forward(self, f):
        return self.net(self.inp(f).reshape(-1, self.first, 4, 4))


class Gru(nn.Module):
    """DreamerV3's LayerNorm GRU as mbrl4j's GruCell: one Linear on [x, h] without bias, LayerNorm over 3 x deter."""

    def __init__(self, inp, hid):
        super().__init__()
        self.lin = nn.Linear(inp + hid, 3 * hid, bias=False)
        self.norm = nn.LayerNorm(3 * hid, eps=EPS)
        self.hid = hid

    def forward(self, x, h):
        reset, cand, update = self.norm(self.lin(torch.cat([x, h], -1))).split(self.hid, -1)
        cand = torch.tanh(torch.sigmoid(reset) * cand)
        update = torch.sigmoid(update - 1)
        return h + update * (cand - h)


def mixed_probs(stats):
    p = torch.softmax(stats.reshape(stats.shape[0], STOCH, CLASSES), -1)
    return p * (1 - UNIMIX) + UNIMIX / CLASSES


def sample_latent(stats):
    """One-hot samples of the mixed categoricals with straight-through gradients, [N, LATENT]."""
    probs = mixed_probs(stats)
    idx = torch.multinomial(probs.detach().reshape(-1, CLASSES), 1).squeeze(-1)
    hard = F.one_hot(idx, CLASSES).to(probs.dtype).reshape(probs.shape)
    return (hard + probs - probs.detach()).reshape(stats.shape[0], LATENT)


def kl(p_stats, q_stats):
    p, q = mixed_probs(p_stats), mixed_probs(q_stats)
    return (p * (p.log() - q.log())).sum((-2, -1))


class WorldModel(nn.Module):
    def __init__(self, conv, obs):
        super().__init__()
        self.conv = conv
        if conv:
            self.encoder = ConvEncoder()
            embed = self.encoder.features
        else:
            self.encoder = mlp(obs, UNITS, UNITS, LAYERS - 1, out_act=True)
            embed = UNITS
        self.img_in = nn.Sequential(nn.Linear(LATENT + ACT, HIDDEN, bias=False), nn.LayerNorm(HIDDEN, eps=EPS),
                                    nn.SiLU())
        self.gru = Gru(HIDDEN, DETER)
        self.prior = mlp(DETER, LATENT, HIDDEN, 1)
        self.post = mlp(DETER + embed, LATENT, HIDDEN, 1)
        self.decoder = ConvDecoder() if conv else mlp(FEAT, obs, UNITS, LAYERS)
        self.reward = mlp(FEAT, K, UNITS, LAYERS, zero_out=True)
        self.cont = mlp(FEAT, 1, UNITS, LAYERS)

    def embed(self, obs):
        return self.encoder(obs - 0.5) if self.conv else self.encoder(symlog(obs))

    def img_step(self, deter, stoch, action):
        deter = self.gru(self.img_in(torch.cat([stoch, action], -1)), deter)
        stats = self.prior(deter)
        return deter, sample_latent(stats), stats


class Agent:
    def __init__(self, conv, obs):
        self.wm = WorldModel(conv, obs)
        self.actor = mlp(FEAT, 2 * ACT, AC_UNITS, AC_LAYERS)
        self.critic = mlp(FEAT, K, AC_UNITS, AC_LAYERS, zero_out=True)
        self.slow = mlp(FEAT, K, AC_UNITS, AC_LAYERS, zero_out=True)
        self.slow.load_state_dict(self.critic.state_dict())
        for p in self.slow.parameters():
            p.requires_grad_(False)
        self.wm_opt = torch.optim.Adam(self.wm.parameters(), MODEL_LR, eps=1e-8)
        self.actor_opt = torch.optim.Adam(self.actor.parameters(), ACTOR_LR, eps=1e-5)
        self.critic_opt = torch.optim.Adam(self.critic.parameters(), CRITIC_LR, eps=1e-5)
        self.low = 0.0
        self.high = 0.0

    def trainable(self):
        return sum(p.numel() for m in (self.wm, self.actor, self.critic) for p in m.parameters())

    def actor_dist(self, feats):
        out = self.actor(feats)
        mean = torch.tanh(out[:, :ACT])
        std = (MAX_STD - MIN_STD) * torch.sigmoid(out[:, ACT:] + 2) + MIN_STD
        return mean, std

    def update(self, obs, prev_act, rew, cont):
        """obs [B, L, ...], prev_act [B, L, ACT], rew and cont [B, L]; L = T + 1."""
        wm = self.wm
        b, length = rew.shape
        n = b * length
        # 1. world model
        embeds = wm.embed(obs.reshape(n, *obs.shape[2:])).reshape(b, length, -1).transpose(0, 1)
        acts = prev_act.transpose(0, 1)
        deter = torch.zeros(b, DETER)
        stoch = torch.zeros(b, LATENT)
        deters, stochs, posts, priors = [], [], [], []
        for t in range(length):
            deter, _, prior_stats = wm.img_step(deter, stoch, acts[t])
            post_stats = wm.post(torch.cat([deter, embeds[t]], -1))
            stoch = sample_latent(post_stats)
            deters.append(deter)
            stochs.append(stoch)
            posts.append(post_stats)
            priors.append(prior_stats)
        deter_all = torch.cat(deters)
        stoch_all = torch.cat(stochs)
        feats = torch.cat([deter_all, stoch_all], -1)
        post_all = torch.cat(posts)
        prior_all = torch.cat(priors)
        obs_tm = obs.transpose(0, 1).reshape(n, -1)
        target = obs_tm - 0.5 if wm.conv else symlog(obs_tm)
        rec = (wm.decoder(feats).reshape(n, -1) - target).square().sum(-1).mean()
        later = feats[b:]
        rew_loss = two_hot_ce(wm.reward(later), rew.transpose(0, 1).reshape(n)[b:]).mean()
        cont_loss = F.binary_cross_entropy_with_logits(wm.cont(later).reshape(-1), cont.transpose(0, 1).reshape(n)[b:])
        dyn = torch.clamp(kl(post_all.detach(), prior_all), min=FREE).mean()
        rep = torch.clamp(kl(post_all, prior_all.detach()), min=FREE).mean()
        with torch.no_grad():
            kl_metric = kl(post_all, prior_all).mean().item()
        total = rec + rew_loss + cont_loss + DYN * dyn + REP * rep
        self.wm_opt.zero_grad(set_to_none=True)
        total.backward()
        model_norm = nn.utils.clip_grad_norm_(wm.parameters(), MODEL_CLIP)
        self.wm_opt.step()
        metrics = dict(model_loss=total.item(), reconstruction_loss=rec.item(), reward_loss=rew_loss.item(),
                       continue_loss=cont_loss.item(), dynamics_loss=dyn.item(), representation_loss=rep.item(),
                       kl=kl_metric, model_grad_norm=model_norm.item())

        # 2-3. imagination and actor
        pick = torch.randperm(n)[:STARTS]
        deter = deter_all.detach()[pick]
        stoch = stoch_all.detach()[pick]
        m = STARTS
        states = [torch.cat([deter, stoch], -1)]
        for _ in range(HORIZON):
            mean, std = self.actor_dist(states[-1])
            action = (mean + std * torch.randn_like(mean)).clamp(-1, 1)
            deter, stoch, _ = wm.img_step(deter, stoch, action)
            states.append(torch.cat([deter, stoch], -1))
        feats_all = torch.cat(states)
        values = two_hot_mean(self.critic(feats_all)).reshape(HORIZON + 1, m)
        later = feats_all[m:]
        rewards = two_hot_mean(wm.reward(later)).reshape(HORIZON, m)
        with torch.no_grad():
            conts = torch.sigmoid(wm.cont(later.detach()).reshape(HORIZON, m))
        weights = torch.cat([torch.ones(1, m), torch.cumprod(GAMMA * conts, 0)[:-1]]).reshape(-1)
        rets = []
        nxt = values[HORIZON]
        for t in range(HORIZON - 1, -1, -1):
            mix = values[t + 1] * (1 - LAMBDA) + nxt * LAMBDA
            nxt = rewards[t] + conts[t] * mix * GAMMA
            rets.append(nxt)
        ret_all = torch.cat(rets[::-1])
        returns = ret_all.detach()
        q = torch.quantile(returns.double(), torch.tensor([0.05, 0.95], dtype=torch.float64))
        self.low = NORM_DECAY * self.low + (1 - NORM_DECAY) * q[0].item()
        self.high = NORM_DECAY * self.high + (1 - NORM_DECAY) * q[1].item()
        scale = max(NORM_LIMIT, self.high - self.low)
        first = feats_all[:HORIZON * m]
        _, std = self.actor_dist(first)
        ent = (torch.log(std) + 0.5 + 0.5 * math.log(2 * math.pi)).sum(-1)
        loss = -((ret_all / scale + ENTROPY * ent) * weights).mean()
        metrics.update(actor_loss=loss.item(), actor_entropy=ent.mean().item(), return_scale=scale,
                       imagined_return=returns[:m].mean().item())
        params = list(self.actor.parameters())
        grads = torch.autograd.grad(loss, params)
        for p, g in zip(params, grads):
            p.grad = g
        metrics["actor_grad_norm"] = nn.utils.clip_grad_norm_(params, ACTOR_CLIP).item()
        self.actor_opt.step()
        self.actor_opt.zero_grad(set_to_none=True)

        # 4. critic on the detached imagined states t < H
        f = first.detach()
        with torch.no_grad():
            slow_target = two_hot_mean(self.slow(f))
        logits = self.critic(f)
        ce = two_hot_ce(logits, returns) + SLOW_REG * two_hot_ce(logits, slow_target)
        closs = (ce * weights).mean()
        metrics["critic_loss"] = closs.item()
        self.critic_opt.zero_grad(set_to_none=True)
        closs.backward()
        metrics["critic_grad_norm"] = nn.utils.clip_grad_norm_(self.critic.parameters(), CRITIC_CLIP).item()
        self.critic_opt.step()
        with torch.no_grad():
            for s, p in zip(self.slow.parameters(), self.critic.parameters()):
                s.lerp_(p, SLOW_RATE)
        return metrics


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", choices=["vector", "conv"], required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--image-size", type=int, default=32, help="side of the square images with --case conv")
    parser.add_argument("--check", action="store_true",
                        help="run one update from the initial weights and print its losses instead of timing")
    args = parser.parse_args()
    global IMAGE, STAGES
    if args.image_size < 8 or args.image_size & (args.image_size - 1):
        parser.error("--image-size must be a power of two >= 8")
    IMAGE = args.image_size
    STAGES = IMAGE.bit_length() - 1 - 2
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    conv = args.case == "conv"
    agent = Agent(conv, 3)
    length = T + 1
    obs = torch.rand(B, length, 3, IMAGE, IMAGE) if conv else torch.randn(B, length, 3)
    prev_act = torch.rand(B, length, ACT) * 2 - 1
    prev_act[:, 0] = 0
    rew = -torch.rand(B, length) * 10
    rew[:, 0] = 0
    cont = torch.ones(B, length)
    name = "conv %dx%d" % (IMAGE, IMAGE) if conv else "vector"
    if args.check:
        metrics = agent.update(obs, prev_act, rew, cont)
        print("dreamer update %s: %d trainable parameters; first update:%s" % (
            name, agent.trainable(), "".join(" %s %.4f" % (k, metrics[k]) for k in sorted(metrics))))
        return
    for _ in range(args.warmup):
        agent.update(obs, prev_act, rew, cont)
    times = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for _ in range(args.calls):
            agent.update(obs, prev_act, rew, cont)
        times.append((time.perf_counter() - t0) * 1e3 / args.calls)
    print("dreamer update %s: %d trainable parameters; median %.3f ms per call over %d rounds of %d calls [%s] "
          "(after %d warm-up calls)" % (name, agent.trainable(), statistics.median(times), args.rounds,
                                        args.calls, ", ".join("%.3f" % t for t in times), args.warmup))


if __name__ == "__main__":
    main()
