"""Records reference transitions of Gymnasium's classic control environments for mbrl4j's tests.

For each environment, runs several episodes through ``gymnasium.make(id)`` (so Gymnasium's registry
TimeLimit applies) and writes every transition as one CSV row to
``mbrl-envs/src/test/resources/gymnasium/<id>.csv``:

    episode, t, s0.., a0.., ns0.., o0.., reward, terminated, truncated

``t`` counts the steps of the episode (1 on its first step), ``s`` is ``env.unwrapped.state`` before
the step, ``a`` the action, ``ns`` the state after it, ``o`` the returned observation. Floats are
written with ``repr`` (shortest round-trip form of the float64 value), booleans as 0/1.

Actions mix uniform random ones (continuous ones drawn from three times the action box, to exercise
clipping) with simple controllers that make episodes end by termination, while random episodes end by
the time limit.

Run from the repository root, with a Python that has gymnasium==1.3.0 and numpy==2.2.6 (for example a
virtual environment: python3 -m venv VENV && VENV/bin/pip install gymnasium==1.3.0 numpy==2.2.6):

    VENV/bin/python mbrl-envs/src/test/python/generate_gymnasium_reference.py
"""

import csv
import os
import sys

import gymnasium as gym
import numpy as np

SEED = 20261125
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "gymnasium")


def f(x):
    return repr(float(x))


def state_of(env):
    return np.asarray(env.unwrapped.state, dtype=np.float64).copy()


def continuous(rng, high, oob_fraction=0.3):
    """A float32 action, out of the box [-high, high] with probability oob_fraction."""
    scale = 3.0 * high if rng.random() < oob_fraction else high
    return np.array([rng.uniform(-scale, scale)], dtype=np.float32)


# Controllers (observation -> action) that end episodes by termination or keep them alive to truncation.
def cartpole_balance(rng, obs):
    if rng.random() < 0.1:
        return int(rng.integers(2))
    x, x_dot, theta, theta_dot = obs
    return int(0.05 * x + 0.2 * x_dot + 2.0 * theta + 0.5 * theta_dot > 0)


def acrobot_pump(rng, obs):
    if rng.random() < 0.1:
        return int(rng.integers(3))
    return 2 if obs[5] > 0 else 0  # torque along the elbow's velocity pumps energy in


def mountain_car_pump(rng, obs):
    if rng.random() < 0.1:
        return int(rng.integers(3))
    return 2 if obs[1] >= 0 else 0


def mountain_car_continuous_pump(rng, obs):
    magnitude = rng.uniform(0.3, 2.5)  # above 1 half of the time: clipped by the environment
    return np.array([magnitude if obs[1] >= 0 else -magnitude], dtype=np.float32)


def random_discrete(n):
    return lambda rng, obs: int(rng.integers(n))


def random_continuous(high):
    return lambda rng, obs: continuous(rng, high)


PLANS = {
    # id: list of (policy, number of episodes)
    "CartPole-v1": [(random_discrete(2), 12), (cartpole_balance, 1)],
    "Pendulum-v1": [(random_continuous(2.0), 3)],
    "MountainCar-v0": [(random_discrete(3), 1), (mountain_car_pump, 3)],
    "MountainCarContinuous-v0": [(random_continuous(1.0), 1), (mountain_car_continuous_pump, 3)],
    "Acrobot-v1": [(random_discrete(3), 1), (acrobot_pump, 3)],
}


def record(env_id, plan, seed):
    env = gym.make(env_id)
    rng = np.random.default_rng(seed)
    rows = []
    episode = 0
    for policy, count in plan:
        for _ in range(count):
            obs, _ = env.reset(seed=seed + episode)
            t = 0
            while True:
                s = state_of(env)
                a = policy(rng, obs)
                obs, reward, terminated, truncated, _ = env.step(a)
                t += 1
                ns = state_of(env)
                a_vals = [a] if np.isscalar(a) else list(np.asarray(a).ravel())
                rows.append([episode, t] + [f(v) for v in s] + [str(v) if isinstance(v, int) else f(v) for v in a_vals]
                            + [f(v) for v in ns] + [f(v) for v in np.asarray(obs).ravel()]
                            + [f(reward), int(terminated), int(truncated)])
                if terminated or truncated:
                    break
            episode += 1
    env.close()
    return rows


def header(env_id, n_state, n_action, n_obs):
    return (["episode", "t"] + [f"s{i}" for i in range(n_state)] + [f"a{i}" for i in range(n_action)]
            + [f"ns{i}" for i in range(n_state)] + [f"o{i}" for i in range(n_obs)]
            + ["reward", "terminated", "truncated"])


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    for k, (env_id, plan) in enumerate(PLANS.items()):
        rows = record(env_id, plan, SEED + 1000 * k)
        env = gym.make(env_id)
        n_state = len(state_of_reset(env))
        n_action = 1
        n_obs = env.observation_space.shape[0]
        path = os.path.join(OUT_DIR, f"{env_id}.csv")
        with open(path, "w", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header(env_id, n_state, n_action, n_obs))
            w.writerows(rows)
        ends = [r for r in rows if r[-2] or r[-1]]
        print(f"{env_id}: {len(rows)} transitions, {len(ends)} episodes, "
              f"{sum(1 for r in ends if r[-2])} terminated, {sum(1 for r in ends if r[-1])} truncated -> {path}")


def state_of_reset(env):
    env.reset(seed=0)
    return state_of(env)


if __name__ == "__main__":
    print(f"gymnasium {gym.__version__}, numpy {np.__version__}, python {sys.version.split()[0]}")
    main()
