package org.mbrl4j.core.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Discrete;
import org.mbrl4j.core.spaces.Space;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test environment: the observation is {@code [start + t]} where {@code start} is drawn from the
 * environment's own seeded generator at each reset; the reward is the discrete action (0 or 1); the episode
 * terminates after {@code n} steps. Records every reset ({@code "seed:<s>"} or {@code "continue"}).
 */
final class CounterEnv implements Environment {

    final int n;
    final List<String> resets = new ArrayList<>();
    private SplittableRandom rng = new SplittableRandom(0);
    private float start;
    private int t;
    private boolean needsReset = true;

    CounterEnv(int n) {
        this.n = n;
    }

    @Override
    public Space observationSpace() {
        return Box.uniform(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1);
    }

    @Override
    public Space actionSpace() {
        return Discrete.of(2);
    }

    @Override
    public Reset reset(long seed) {
        resets.add("seed:" + seed);
        rng = new SplittableRandom(seed);
        return begin();
    }

    @Override
    public Reset reset() {
        resets.add("continue");
        return begin();
    }

    private Reset begin() {
        start = rng.nextInt(1000);
        t = 0;
        needsReset = false;
        return Reset.of(Nd4j.createFromArray(start));
    }

    @Override
    public Step step(INDArray action) {
        int a = ((Discrete) actionSpace()).index("action", action);
        if (needsReset) {
            throw new IllegalStateException("step before reset or after the episode ended");
        }
        t++;
        boolean terminated = t >= n;
        needsReset = terminated;
        return Step.of(Nd4j.createFromArray(start + t), a, terminated, false);
    }
}
