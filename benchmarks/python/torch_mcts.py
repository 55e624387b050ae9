"""Search throughput of MuZero's pUCT tree search in Python over PyTorch networks, the same search and networks as
mbrl4j's Mcts over MuzeroNetwork's host copy (MctsSearchRun).

What it measures (float32, CPU, torch.no_grad(), torch.set_num_threads(--threads)): one move is the initial
inference on a random observation and a search of 50 simulations; each simulation descends by pUCT, expands one
leaf with a batch-1 call of the dynamics, reward, policy and value networks, and backs the value up. Prints the
median simulations per second over --rounds rounds of --moves moves, after --warmup-s seconds of untimed moves.

Networks (MuzeroConfig.cartPole() on CartPole-v1: observation 4, 2 actions, encoding 8, hidden 16, support 10):
  representation  Linear(4, 8), then per-row min-max scaling to [0, 1]
  dynamics        Linear(8 + 2, 16), ELU, Linear(16, 8) on [state, onehot(action)]; the next state is the scaled
                  output, the reward is read from the unscaled output
  reward, value   Linear(8, 16), ELU, Linear(16, 21): logits over the support -10..10, decoded as
                  h^-1(sum softmax(logits)_i (i - 10)), h(x) = sign(x) (sqrt(|x| + 1) - 1) + 0.001 x
  policy          Linear(8, 16), ELU, Linear(16, 2)
The scaling widens a range below 1e-5 by 1e-5. Weights are PyTorch's default initialisation (throughput does not
depend on them).

Search (MctsConfig as Muzero's self-play uses it): pUCT with c1 = 1.25, c2 = 19652, Q values
r + 0.997 * value(child) normalised by the running min and max of the tree (left as they are until two different
values were seen, 0 for an unvisited child), ties to the lowest index, root priors softmax(logits) mixed with
Dir(0.25) noise at fraction 0.25, the most visited root action as the result.

How to run
    apt-get install -y python3-torch
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 benchmarks/python/torch_mcts.py --threads 1

Where the facts come from (read, no code copied): Schrittwieser et al. 2020, appendix B (pUCT, MinMaxStats) and
F (the value transform); muzero-general (github.com/werner-duvaud/muzero-general) games/cartpole.py (sizes and
constants) and models.py (the fully connected network's layout and hidden-state scaling). The code follows
mbrl4j's Mcts.java, MuzeroNetwork.java and ValueSupport.java so that both sides compute the same thing.
"""

import argparse
import math
import statistics
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OBS, ACTIONS, ENCODING, HIDDEN, SUPPORT = 4, 2, 8, 16, 10
SIMULATIONS, DISCOUNT = 50, 0.997
PB_C_INIT, PB_C_BASE = 1.25, 19652.0
DIRICHLET_ALPHA, EXPLORATION_FRACTION = 0.25, 0.25
EPS = 0.001  # of the value transform h


def mlp(n_in, n_out):
    """One hidden layer of HIDDEN with ELU, as every head and the dynamics of the cart-pole network."""
    return nn.Sequential(nn.Linear(n_in, HIDDEN), nn.ELU(), nn.Linear(HIDDEN, n_out))


def scale(x):
    """Per-row min-max scaling to [0, 1]; a range below 1e-5 is widened by 1e-5."""
    lo = x.min(dim=1, keepdim=True)[0]
    hi = x.max(dim=1, keepdim=True)[0]
    span = hi - lo
    span = torch.where(span < 1e-5, span + 1e-5, span)
    return (x - lo) / span


class Network(nn.Module):
    """MuZero's representation, dynamics and prediction functions for vector observations."""

    def __init__(self):
        super().__init__()
        self.representation = nn.Linear(OBS, ENCODING)
        self.dynamics = mlp(ENCODING + ACTIONS, ENCODING)
        self.reward = mlp(ENCODING, 2 * SUPPORT + 1)
        self.value = mlp(ENCODING, 2 * SUPPORT + 1)
        self.policy = mlp(ENCODING, ACTIONS)
        self.register_buffer("support", torch.arange(-SUPPORT, SUPPORT + 1, dtype=torch.float32))

    def decode(self, logits):
        """h^-1 of the expected support value under softmax(logits), [1, 2S + 1] -> Python float."""
        y = float((F.softmax(logits, dim=1) * self.support).sum())
        r = (math.sqrt(1 + 4 * EPS * (abs(y) + 1 + EPS)) - 1) / (2 * EPS)
        return math.copysign(r * r - 1, y) if y != 0 else 0.0

    def predict(self, state):
        """[1, 8] -> (policy logits as a list, value)."""
        return self.policy(state)[0].tolist(), self.decode(self.value(state))

    def initial(self, observation):
        """[1, 4] -> (state [1, 8], policy logits, value)."""
        state = scale(self.representation(observation))
        logits, value = self.predict(state)
        return state, logits, value

    def recurrent(self, state, action):
        """[1, 8], action index -> (reward, next state [1, 8], policy logits, value)."""
        one_hot = torch.zeros(1, ACTIONS)
        one_hot[0, action] = 1.0
        u = self.dynamics(torch.cat([state, one_hot], dim=1))
        reward = self.decode(self.reward(u))
        next_state = scale(u)
        logits, value = self.predict(next_state)
        return reward, next_state, logits, value


class Node:
    __slots__ = ("prior", "state", "reward", "children", "visits", "value_sum")

    def __init__(self, prior):
        self.prior = prior
        self.state = None
        self.reward = 0.0
        self.children = None
        self.visits = 0
        self.value_sum = 0.0

    def value(self):
        return 0.0 if self.visits == 0 else self.value_sum / self.visits

    def expand(self, state, reward, priors):
        self.state = state
        self.reward = reward
        self.children = [Node(p) for p in priors]


class MinMax:
    def __init__(self):
        self.lo = math.inf
        self.hi = -math.inf

    def update(self, v):
        self.lo = min(self.lo, v)
        self.hi = max(self.hi, v)

    def normalize(self, v):
        return (v - self.lo) / (self.hi - self.lo) if self.hi > self.lo else v


def softmax(logits):
    m = max(logits)
    e = [math.exp(l - m) for l in logits]
    s = sum(e)
    return [x / s for x in e]


def ucb_score(parent, child, min_max):
    pb_c = math.log((parent.visits + PB_C_BASE + 1) / PB_C_BASE) + PB_C_INIT
    pb_c *= math.sqrt(parent.visits) / (child.visits + 1)
    value_score = min_max.normalize(child.reward + DISCOUNT * child.value()) if child.visits > 0 else 0.0
    return pb_c * child.prior + value_score


def select_child(node, min_max):
    best, best_score = 0, -math.inf
    for a, child in enumerate(node.children):
        s = ucb_score(node, child, min_max)
        if s > best_score:
            best, best_score = a, s
    return best


def backpropagate(path, value, min_max):
    for node in reversed(path):
        node.value_sum += value
        node.visits += 1
        min_max.update(node.reward + DISCOUNT * node.value())
        value = node.reward + DISCOUNT * value


def search(net, observation, rng):
    """One move: initial inference and SIMULATIONS simulations; returns the most visited root action."""
    state, logits, value = net.initial(observation)
    priors = softmax(logits)
    noise = rng.dirichlet([DIRICHLET_ALPHA] * ACTIONS)
    priors = [p * (1 - EXPLORATION_FRACTION) + n * EXPLORATION_FRACTION for p, n in zip(priors, noise)]
    root = Node(1.0)
    root.expand(state, 0.0, priors)
    min_max = MinMax()
    for _ in range(SIMULATIONS):
        node = root
        path = [node]
        action = -1
        while node.children is not None:
            action = select_child(node, min_max)
            node = node.children[action]
            path.append(node)
        parent = path[-2]
        reward, next_state, logits, value = net.recurrent(parent.state, action)
        node.expand(next_state, reward, softmax(logits))
        backpropagate(path, value, min_max)
    visits = [c.visits for c in root.children]
    return visits.index(max(visits))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--moves", type=int, default=100)
    p.add_argument("--warmup-s", type=float, default=5.0)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    net = Network().float().eval()
    observations = torch.randn(args.moves, OBS)

    def move(i):
        search(net, observations[i % args.moves].unsqueeze(0), rng)

    with torch.no_grad():
        warmup_end = time.perf_counter() + args.warmup_s
        warmup_moves = 0
        while time.perf_counter() < warmup_end:
            move(warmup_moves)
            warmup_moves += 1
        rates = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            for i in range(args.moves):
                move(i)
            rates.append(args.moves * SIMULATIONS / (time.perf_counter() - t0))
    print("mcts torch %d thread(s): median %.0f simulations/s over %d rounds of %d moves [%s] (after %d warm-up "
          "moves)" % (args.threads, statistics.median(rates), args.rounds, args.moves,
                      ", ".join("%.0f" % r for r in rates), warmup_moves))


if __name__ == "__main__":
    main()
