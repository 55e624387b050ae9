package org.mbrl4j.models.dynamics;

import java.util.Arrays;
import org.mbrl4j.models.nn.TapeLayers;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link EnsembleDynamics#meanPrediction} written with the tape's ops: the model's input normalisation, its
 * network ({@link TapeLayers#callFrozen}: the current weights as constants), the mean part of the output
 * head, the mean over the elites and the delta targets, in the order of the model's own prediction path
 * ({@link EnsembleDynamics#predictMembers} then the mean over the listed members).
 *
 * <p>All members run as one batched product and the elites' rows are sliced out afterwards: a subset of the
 * members would need either a copy of the elites' weights on every call or a gathered product that the
 * tape does not have; with the usual 5 elites of 7 members that is 40 % more products than the elites need.
 */
final class MeanPrediction {

    private MeanPrediction() {
    }

    /**
     * @param model        the ensemble
     * @param observations {@code [N, o]} float32, finite
     * @param actions      {@code [N, a]} float32, finite
     * @return {@code [N, D]}: {@code D = outputSize()}
     */
    static Var of(EnsembleDynamics model, Var observations, Var actions) {
        int o = model.observationSize();
        int a = model.actionSize();
        long n = check("observations", observations, -1, o);
        check("actions", actions, n, a);
        int in = o + a;
        int e = model.ensembleSize();
        int d = model.targetSize();
        Normalizer norm = model.normalizer();
        Var x = Ops.concat(1, observations, actions)
                .sub(Var.constant(HostArrays.array(toFloats(norm.mean()), in)))
                .div(Var.constant(HostArrays.array(toFloats(norm.std()), in)));
        Var[] copies = new Var[e];
        Arrays.fill(copies, x.reshape(1, n, in));
        Var y = TapeLayers.callFrozen(model.network(), e == 1 ? copies[0] : Ops.concat(0, copies)); // [E, N, heads D]
        int[] elites = model.elites();
        Var sum = null;
        for (int m : elites) {
            Var member = y.slice(0, m, m + 1);
            sum = sum == null ? member : sum.add(member);
        }
        Var mean = (y.size(2) == d ? sum : sum.slice(2, 0, d)).mul(1.0 / elites.length).reshape(n, d);
        boolean[] delta = model.deltaDims();
        boolean allDelta = true;
        boolean anyDelta = false;
        float[] mask = new float[o];
        for (int j = 0; j < o; j++) {
            allDelta &= delta[j];
            anyDelta |= delta[j];
            mask[j] = delta[j] ? 1f : 0f;
        }
        Var next = d == o ? mean : mean.slice(1, 0, o);
        if (allDelta) {
            next = next.add(observations);
        } else if (anyDelta) {
            next = next.add(observations.mul(Var.constant(HostArrays.array(mask, o))));
        }
        return d == o ? next : Ops.concat(1, next, mean.slice(1, o, d));
    }

    private static long check(String name, Var v, long rows, int width) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (v.rank() != 2 || v.size(1) != width || (rows >= 0 && v.size(0) != rows)) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(v.shape()) + "; expected ["
                    + (rows >= 0 ? String.valueOf(rows) : "N") + ", " + width + "]");
        }
        if (v.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException(name + " has data type " + v.dataType()
                    + "; expected FLOAT (the ensemble's weights are float32)");
        }
        float[] values = HostArrays.toFloats(v.value());
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(name + " holds " + values[i] + " at flat index " + i
                        + "; expected finite values");
            }
        }
        return v.size(0);
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
