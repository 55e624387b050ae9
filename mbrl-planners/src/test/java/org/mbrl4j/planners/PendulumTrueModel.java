package org.mbrl4j.planners;

import java.nio.file.Path;
import org.mbrl4j.models.dynamics.DynamicsModel;
import org.mbrl4j.models.dynamics.Prediction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Pendulum-v1's exact dynamics as a one-member deterministic "model" over observations. */
final class PendulumTrueModel implements DynamicsModel {

    @Override
    public int ensembleSize() {
        return 1;
    }

    @Override
    public int observationSize() {
        return 3;
    }

    @Override
    public int actionSize() {
        return 1;
    }

    @Override
    public boolean learnsReward() {
        return false;
    }

    static float[] step(float[] obs, float[] act, int n) {
        float[] next = new float[n * 3];
        for (int r = 0; r < n; r++) {
            double th = Math.atan2(obs[r * 3 + 1], obs[r * 3]);
            double thdot = obs[r * 3 + 2];
            double u = Math.max(-2, Math.min(2, act[r]));
            double nd = thdot + (3 * 10.0 / 2 * Math.sin(th) + 3.0 * u) * 0.05;
            nd = Math.max(-8, Math.min(8, nd));
            double nth = th + nd * 0.05;
            next[r * 3] = (float) Math.cos(nth);
            next[r * 3 + 1] = (float) Math.sin(nth);
            next[r * 3 + 2] = (float) nd;
        }
        return next;
    }

    @Override
    public Prediction predict(INDArray observations, INDArray actions) {
        int n = (int) observations.size(0);
        float[] next = step(observations.dup('c').data().asFloat(), actions.dup('c').data().asFloat(), n);
        return new Prediction(Nd4j.create(next, new long[] {1, n, 3}, DataType.FLOAT), null);
    }

    @Override
    public Prediction predictPerMember(INDArray observations, INDArray actions) {
        return predict(observations.reshape(observations.size(1), 3), actions.reshape(actions.size(1), 1));
    }

    @Override
    public INDArray sample(INDArray observations, INDArray actions, org.nd4j.linalg.api.rng.Random rng) {
        return predict(observations, actions).mean();
    }

    @Override
    public int[] elites() {
        return new int[] {0};
    }

    @Override
    public void save(Path file) {
        throw new UnsupportedOperationException("a test model");
    }
}
