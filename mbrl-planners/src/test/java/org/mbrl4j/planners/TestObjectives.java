package org.mbrl4j.planners;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Known objectives with known optima, with exact gradients. */
final class TestObjectives {

    private TestObjectives() {}

    /** {@code -sum (x - c)^2}, maximum 0 at {@code c}. */
    static final class Quadratic implements DifferentiableObjective {
        final float[] c;
        long evaluations;

        Quadratic(float[] c) {
            this.c = c;
        }

        @Override
        public INDArray evaluate(INDArray population) {
            return valueAndGradient(population).values();
        }

        @Override
        public ValueAndGradient valueAndGradient(INDArray population) {
            int p = (int) population.size(0);
            float[] x = population.dup('c').data().asFloat();
            int n = x.length / p;
            float[] v = new float[p];
            float[] g = new float[x.length];
            for (int k = 0; k < p; k++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double d = x[k * n + i] - c[i];
                    s += d * d;
                    g[k * n + i] = (float) (-2 * d);
                }
                v[k] = (float) -s;
            }
            evaluations += p;
            return new ValueAndGradient(Nd4j.create(v, new long[] {p}, DataType.FLOAT),
                    Nd4j.create(g, population.shape(), DataType.FLOAT));
        }
    }

    /**
     * Two Gaussian bumps on {@code [-1, 1]^2} (two coordinates, as {@code [H=2, A=1]} or {@code [1, 2]}): a wide
     * local one at (-0.5, 0.4) of height 1 and a narrow global one at (0.6, -0.5) of height 2.
     */
    static final class TwoBumps implements DifferentiableObjective {
        static final double[] GLOBAL = {0.6, -0.5};
        static final double[] LOCAL = {-0.5, 0.4};

        @Override
        public INDArray evaluate(INDArray population) {
            return valueAndGradient(population).values();
        }

        @Override
        public ValueAndGradient valueAndGradient(INDArray population) {
            int p = (int) population.size(0);
            float[] x = population.dup('c').data().asFloat();
            float[] v = new float[p];
            float[] g = new float[x.length];
            for (int k = 0; k < p; k++) {
                double a = x[2 * k];
                double b = x[2 * k + 1];
                double dg2 = sq(a - GLOBAL[0]) + sq(b - GLOBAL[1]);
                double dl2 = sq(a - LOCAL[0]) + sq(b - LOCAL[1]);
                double eg = 2 * Math.exp(-dg2 / 0.08);
                double el = Math.exp(-dl2 / 0.3);
                v[k] = (float) (eg + el);
                g[2 * k] = (float) (eg * (-2 * (a - GLOBAL[0]) / 0.08) + el * (-2 * (a - LOCAL[0]) / 0.3));
                g[2 * k + 1] = (float) (eg * (-2 * (b - GLOBAL[1]) / 0.08) + el * (-2 * (b - LOCAL[1]) / 0.3));
            }
            return new ValueAndGradient(Nd4j.create(v, new long[] {p}, DataType.FLOAT),
                    Nd4j.create(g, population.shape(), DataType.FLOAT));
        }

        private static double sq(double d) {
            return d * d;
        }
    }
}
