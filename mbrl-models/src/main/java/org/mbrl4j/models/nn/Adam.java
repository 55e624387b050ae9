package org.mbrl4j.models.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba 2015) with bias correction, L2-coupled or decoupled (AdamW) weight decay and
 * global-norm gradient clipping, over a fixed list of {@link Parameter}s. The update is PyTorch's:
 * {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
 * {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}; see {@link AdamConfig} for the
 * decay. One optimiser per model, never shared; its moments are part of a training checkpoint.
 */
public final class Adam {

    private final List<Parameter> params;
    private final AdamConfig config;
    private final List<INDArray> m = new ArrayList<>();
    private final List<INDArray> v = new ArrayList<>();
    private long step;
    /** Heap copies of one chunk of parameter, gradient and moments: the loop over float[] is what C2 vectorises. */
    private float[][] chunks = new float[4][0];

    /**
     * @param params the parameters to update (their gradients are read at every {@link #step()})
     * @param config the settings
     * @throws IllegalArgumentException if the list is empty or holds null
     */
    public Adam(List<Parameter> params, AdamConfig config) {
        if (params == null || params.isEmpty() || params.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("params must be a non-empty list without null: " + params);
        }
        this.params = List.copyOf(params);
        this.config = Objects.requireNonNull(config, "config");
        for (Parameter p : this.params) {
            m.add(Nd4j.zeros(p.value().dataType(), p.value().shape()));
            v.add(Nd4j.zeros(p.value().dataType(), p.value().shape()));
        }
    }

    /** @return the settings */
    public AdamConfig config() {
        return config;
    }

    /** @return the number of steps taken */
    public long steps() {
        return step;
    }

    /**
     * Clips the gradients to the configured global norm, then updates every parameter in place.
     *
     * @return the global L2 norm of the gradients before clipping
     * @throws IllegalStateException if a gradient is NaN or infinite (nothing is updated then)
     */
    public double step() {
        double norm = Gradients.globalNorm(params);
        if (!Double.isFinite(norm)) {
            throw new IllegalStateException("Adam: the gradient norm is " + norm + "; refusing to update");
        }
        if (norm > config.maxGradNorm()) {
            Gradients.scale(params, config.maxGradNorm() / (norm + 1e-6));
        }
        step++;
        double b1 = config.beta1();
        double b2 = config.beta2();
        double lr = config.learningRate();
        double wd = config.weightDecay();
        double bc1 = 1 - Math.pow(b1, step);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(b2, step));
        for (int i = 0; i < params.size(); i++) {
            INDArray p = params.get(i).value();
            INDArray g = params.get(i).grad();
            INDArray mi = m.get(i);
            INDArray vi = v.get(i);
            if (HostArrays.denseFloat(p, g, mi, vi)) {
                hostStep(p, g, mi, vi, lr, wd, b1, b2, bc1, sqrtBc2);
                continue;
            }
            if (wd > 0) {
                if (config.decoupledWeightDecay()) {
                    p.muli(1 - lr * wd);
                } else {
                    g = g.add(p.mul(wd));
                }
            }
            mi.muli(b1).addi(g.mul(1 - b1));
            vi.muli(b2).addi(g.mul(g).muli(1 - b2));
            INDArray denom = Transforms.sqrt(vi, true).divi(sqrtBc2).addi(config.epsilon());
            p.subi(mi.div(denom).muli(lr / bc1));
        }
        return norm;
    }

    /** The same update as one plain loop over host memory (float32 arithmetic with float64 constants). */
    private void hostStep(INDArray pa, INDArray ga, INDArray ma, INDArray va, double lr, double wd, double b1,
            double b2, double bc1, double sqrtBc2) {
        java.nio.FloatBuffer p = HostArrays.floats(pa);
        java.nio.FloatBuffer g = HostArrays.floats(ga);
        java.nio.FloatBuffer m = HostArrays.floats(ma);
        java.nio.FloatBuffer v = HostArrays.floats(va);
        int n = (int) pa.length();
        boolean decoupled = config.decoupledWeightDecay();
        float shrink = (float) (1 - lr * wd);
        float l2 = decoupled ? 0f : (float) wd;
        float fb1 = (float) b1;
        float fb2 = (float) b2;
        float c1 = (float) (1 - b1);
        float c2 = (float) (1 - b2);
        float invSqrtBc2 = (float) (1 / sqrtBc2);
        float eps = (float) config.epsilon();
        float stepSize = (float) (lr / bc1);
        int chunk = Math.min(n, 8192);
        if (chunks[0].length < chunk) {
            chunks = new float[4][chunk]; // kept for the next steps: the update allocates nothing then
        }
        float[] pc = chunks[0];
        float[] gc = chunks[1];
        float[] mc = chunks[2];
        float[] vc = chunks[3];
        for (int start = 0; start < n; start += chunk) {
            int len = Math.min(chunk, n - start);
            p.get(start, pc, 0, len);
            g.get(start, gc, 0, len);
            m.get(start, mc, 0, len);
            v.get(start, vc, 0, len);
            for (int k = 0; k < len; k++) {
                float pk = pc[k];
                float gk = gc[k] + l2 * pk;
                if (decoupled) {
                    pk *= shrink;
                }
                float mk = fb1 * mc[k] + c1 * gk;
                float vk = fb2 * vc[k] + c2 * gk * gk;
                mc[k] = mk;
                vc[k] = vk;
                pc[k] = pk - stepSize * mk / ((float) Math.sqrt(vk) * invSqrtBc2 + eps);
            }
            p.put(start, pc, 0, len);
            m.put(start, mc, 0, len);
            v.put(start, vc, 0, len);
        }
    }

    /**
     * Stores the moments and the step count under {@code prefix}.
     *
     * @param builder the checkpoint being built
     * @param prefix  prefix of the entry names
     */
    public void writeTo(Checkpoint.Builder builder, String prefix) {
        builder.putLong(prefix + "step", step);
        for (int i = 0; i < params.size(); i++) {
            builder.putArray(prefix + "m." + params.get(i).name(), m.get(i));
            builder.putArray(prefix + "v." + params.get(i).name(), v.get(i));
        }
    }

    /**
     * Restores the moments and step count written by {@link #writeTo} for the same parameter list.
     *
     * @param checkpoint the checkpoint
     * @param prefix     the prefix used when writing
     * @throws IllegalArgumentException if an entry is missing or has another shape
     */
    public void readFrom(Checkpoint checkpoint, String prefix) {
        for (int i = 0; i < params.size(); i++) {
            Parameters.assignChecked(m.get(i), checkpoint.array(prefix + "m." + params.get(i).name()),
                    prefix + "m." + params.get(i).name());
            Parameters.assignChecked(v.get(i), checkpoint.array(prefix + "v." + params.get(i).name()),
                    prefix + "v." + params.get(i).name());
        }
        step = checkpoint.longValue(prefix + "step");
    }
}
