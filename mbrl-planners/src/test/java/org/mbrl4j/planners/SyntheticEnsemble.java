package org.mbrl4j.planners;

import java.nio.file.Path;
import org.mbrl4j.models.dynamics.DynamicsModel;
import org.mbrl4j.models.dynamics.Prediction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One-dimensional ensemble: member m predicts {@code s + a + bias[m]} with variance {@code var}. */
final class SyntheticEnsemble implements DynamicsModel {

    final float[] bias;
    final float var;

    SyntheticEnsemble(float[] bias, float var) {
        this.bias = bias;
        this.var = var;
    }

    @Override
    public int ensembleSize() {
        return bias.length;
    }

    @Override
    public int observationSize() {
        return 1;
    }

    @Override
    public int actionSize() {
        return 1;
    }

    @Override
    public boolean learnsReward() {
        return false;
    }

    @Override
    public Prediction predict(INDArray observations, INDArray actions) {
        int n = (int) observations.size(0);
        float[] s = observations.dup('c').data().asFloat();
        float[] a = actions.dup('c').data().asFloat();
        float[] m = new float[bias.length * n];
        for (int e = 0; e < bias.length; e++) {
            for (int r = 0; r < n; r++) {
                m[e * n + r] = s[r] + a[r] + bias[e];
            }
        }
        long[] shape = {bias.length, n, 1};
        return new Prediction(Nd4j.create(m, shape, DataType.FLOAT), Nd4j.valueArrayOf(shape, var, DataType.FLOAT));
    }

    @Override
    public Prediction predictPerMember(INDArray observations, INDArray actions) {
        int n = (int) observations.size(1);
        float[] s = observations.dup('c').data().asFloat();
        float[] a = actions.dup('c').data().asFloat();
        float[] m = new float[bias.length * n];
        for (int e = 0; e < bias.length; e++) {
            for (int r = 0; r < n; r++) {
                m[e * n + r] = s[e * n + r] + a[e * n + r] + bias[e];
            }
        }
        long[] shape = {bias.length, n, 1};
        return new Prediction(Nd4j.create(m, shape, DataType.FLOAT), Nd4j.valueArrayOf(shape, var, DataType.FLOAT));
    }

    @Override
    public INDArray sample(INDArray observations, INDArray actions, org.nd4j.linalg.api.rng.Random rng) {
        throw new UnsupportedOperationException("not used by ModelEnv");
    }

    @Override
    public int[] elites() {
        int[] e = new int[bias.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = i;
        }
        return e;
    }

    @Override
    public void save(Path file) {
        throw new UnsupportedOperationException("a test model");
    }
}
