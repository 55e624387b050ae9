"""Gymnasium's step rate on this machine, to compare with mbrl4j's EnvStepBenchmark.

Steps each environment from ``gymnasium.make(id)`` (registry wrappers included, as users call it) and
from ``env.unwrapped`` (the bare step), with pre-drawn random actions, resetting when an episode ends.
Reports the best of three timed repetitions, in steps per wall-clock second and in steps per CPU-second
of the stepping thread (``time.thread_time``), which a machine shared with other jobs disturbs less.

    python benchmarks/python/gymnasium_step_rate.py [seconds-per-repetition]

with a Python that has Gymnasium (the figures in docs/benchmarks.md used gymnasium 1.3.0).
"""

import sys
import time

import gymnasium as gym
import numpy as np

IDS = ["CartPole-v1", "Pendulum-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1"]


def rate(env, actions, seconds):
    """(steps per wall-clock second, steps per CPU-second) over about `seconds`."""
    env.reset(seed=0)
    n = len(actions)
    steps = 0
    start = time.perf_counter()
    cpu_start = time.thread_time()
    deadline = start + seconds
    while True:
        for _ in range(1000):
            _, _, terminated, truncated, _ = env.step(actions[steps % n])
            steps += 1
            if terminated or truncated:
                env.reset()
        now = time.perf_counter()
        if now >= deadline:
            return steps / (now - start), steps / (time.thread_time() - cpu_start)


def best(env, actions, seconds):
    runs = [rate(env, actions, seconds) for _ in range(3)]
    return max(r[0] for r in runs), max(r[1] for r in runs)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    print(f"gymnasium {gym.__version__}, numpy {np.__version__}")
    print("| id | gym.make steps/s | gym.make steps per CPU-s | unwrapped steps/s | unwrapped steps per CPU-s |")
    print("|---|---|---|---|---|")
    for env_id in IDS:
        env = gym.make(env_id)
        env.action_space.seed(0)
        actions = [env.action_space.sample() for _ in range(4096)]
        wall, cpu = best(env, actions, seconds)
        bare_wall, bare_cpu = best(env.unwrapped, actions, seconds)
        print(f"| {env_id} | {wall:,.0f} | {cpu:,.0f} | {bare_wall:,.0f} | {bare_cpu:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
