package org.mbrl4j.planners;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pendulum-v1's true dynamics and reward as a plain-Java batched objective from one start observation (the
 * same equations as {@link PendulumTrueModel}, without a tensor per step, so that MPC tests stay fast).
 */
final class PendulumObjective implements ActionObjective {

    private final float[] start;

    PendulumObjective(INDArray observation) {
        this.start = observation.dup('c').castTo(DataType.FLOAT).data().asFloat();
    }

    @Override
    public INDArray evaluate(INDArray population) {
        int p = (int) population.size(0);
        int h = (int) population.size(1);
        float[] u = population.dup('c').data().asFloat();
        float[] v = new float[p];
        for (int k = 0; k < p; k++) {
            double th = Math.atan2(start[1], start[0]);
            double thdot = start[2];
            double total = 0;
            for (int t = 0; t < h; t++) {
                double a = Math.max(-2, Math.min(2, u[k * h + t]));
                double norm = ((th + Math.PI) % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI) - Math.PI;
                total -= norm * norm + 0.1 * thdot * thdot + 0.001 * a * a;
                thdot = Math.max(-8, Math.min(8, thdot + (15 * Math.sin(th) + 3 * a) * 0.05));
                th += thdot * 0.05;
            }
            v[k] = (float) total;
        }
        return Nd4j.create(v, new long[] {p}, DataType.FLOAT);
    }
}
