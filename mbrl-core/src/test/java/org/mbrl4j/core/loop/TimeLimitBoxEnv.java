package org.mbrl4j.core.loop;

import java.util.SplittableRandom;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Space;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test environment: a point in the plane starting at a seeded random position in {@code [-1, 1]^2}, moved by
 * the action (clipped to {@code [-1, 1]^2}); reward {@code -|x|^2}; never terminates, truncated after
 * {@code limit} steps (a time limit implemented here, as a wrapper would).
 */
final class TimeLimitBoxEnv implements Environment {

    private final int limit;
    private final Box actions = Box.uniform(-1, 1, 2);
    private SplittableRandom rng = new SplittableRandom(0);
    private final double[] x = new double[2];
    private int t;
    private boolean needsReset = true;

    TimeLimitBoxEnv(int limit) {
        this.limit = limit;
    }

    @Override
    public Space observationSpace() {
        return Box.uniform(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 2);
    }

    @Override
    public Space actionSpace() {
        return actions;
    }

    @Override
    public Reset reset(long seed) {
        rng = new SplittableRandom(seed);
        return reset();
    }

    @Override
    public Reset reset() {
        x[0] = 2 * rng.nextDouble() - 1;
        x[1] = 2 * rng.nextDouble() - 1;
        t = 0;
        needsReset = false;
        return Reset.of(obs());
    }

    @Override
    public Step step(INDArray action) {
        actions.validate("action", action);
        if (needsReset) {
            throw new IllegalStateException("step before reset or after the episode ended");
        }
        for (int i = 0; i < 2; i++) {
            x[i] += Math.max(-1, Math.min(1, action.getDouble(i)));
        }
        t++;
        needsReset = t >= limit;
        return Step.of(obs(), -(x[0] * x[0] + x[1] * x[1]), false, t >= limit);
    }

    private INDArray obs() {
        return Nd4j.createFromArray((float) x[0], (float) x[1]);
    }
}
