package org.mbrl4j.models.dynamics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.Activations;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Probabilistic ensemble of PETS (Chua et al. 2018) and MBPO (Janner et al. 2019), as mbrl-lib's
 * {@code GaussianMLP}: each member outputs a mean and a raw log-variance per target dimension; the
 * log-variance is soft-clamped, {@code l = maxLogvar - softplus(maxLogvar - raw)}, then
 * {@code logvar = minLogvar + softplus(l - minLogvar)}, with bounds {@code [1, D]} initialised to
 * {@code -10} and {@code +0.5} and trained only with {@code learnLogvarBounds}. Trained with
 * {@link Losses#gaussianNll}. All members run as one batched pass.
 */
public final class GaussianEnsemble extends EnsembleDynamics {

    private static final String KIND = "GaussianEnsemble";

    private final GaussianEnsembleConfig config;
    private final Parameter minLogvar;
    private final Parameter maxLogvar;

    /**
     * @param obsSize observation size, {@code >= 1}
     * @param actSize action size, {@code >= 1}
     * @param config  the settings
     * @param streams randomness of the initial weights
     * @throws IllegalArgumentException if a size is below 1, a non-delta dimension is out of range, or an
     *                                  argument is null
     */
    public GaussianEnsemble(int obsSize, int actSize, GaussianEnsembleConfig config, RandomStreams streams) {
        super(obsSize, actSize, config, 2, streams);
        this.config = config;
        int d = targetSize();
        this.minLogvar = new Parameter("minLogvar", Nd4j.valueArrayOf(new long[] {1, d}, config.minLogvarInit(),
                DataType.FLOAT));
        this.maxLogvar = new Parameter("maxLogvar", Nd4j.valueArrayOf(new long[] {1, d}, config.maxLogvarInit(),
                DataType.FLOAT));
    }

    /** @return the settings */
    public GaussianEnsembleConfig config() {
        return config;
    }

    /** @return the lower log-variance bound {@code [1, D]} */
    public Parameter minLogvar() {
        return minLogvar;
    }

    /** @return the upper log-variance bound {@code [1, D]} */
    public Parameter maxLogvar() {
        return maxLogvar;
    }

    @Override
    public List<Parameter> trainableParameters() {
        if (!config.learnLogvarBounds()) {
            return network().parameters();
        }
        return savedParameters();
    }

    @Override
    List<Parameter> savedParameters() {
        List<Parameter> all = new ArrayList<>(network().parameters());
        all.add(minLogvar);
        all.add(maxLogvar);
        return all;
    }

    @Override
    public double lossAndGradients(INDArray inputs, INDArray targets) {
        INDArray out = network().forward(inputs);
        Losses.Result r = Losses.gaussianNll(out, targets, minLogvar.value(), maxLogvar.value());
        network().backward(r.gradOutput());
        minLogvar.grad().assign(r.gradMinLogvar());
        maxLogvar.grad().assign(r.gradMaxLogvar());
        return r.loss();
    }

    @Override
    float[] targetMeans(INDArray inputs) {
        INDArray out = network().infer(inputs);
        int d = targetSize();
        float[] o = HostArrays.toFloats(out);
        int rows = o.length / (2 * d);
        float[] mean = new float[rows * d];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(o, r * 2 * d, mean, r * d, d);
        }
        return mean;
    }

    @Override
    double[][] targetMeansAndLogvars(INDArray inputs) {
        float[] o = HostArrays.toFloats(network().infer(inputs));
        float[] lo = HostArrays.toFloats(minLogvar.value());
        float[] hi = HostArrays.toFloats(maxLogvar.value());
        int d = targetSize();
        int rows = o.length / (2 * d);
        double[] mean = new double[rows * d];
        double[] logvar = new double[rows * d];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < d; j++) {
                mean[r * d + j] = o[r * 2 * d + j];
                logvar[r * d + j] = Losses.boundLogvar(o[r * 2 * d + d + j], lo[j], hi[j]);
            }
        }
        return new double[][] {mean, logvar};
    }

    /**
     * {@link Losses#boundLogvar} in float32 with mbrl4j's own softplus (the loss keeps float64), within a few
     * float ulps of it; {@link #decode} computes the same for all values at once.
     */
    static float boundLogvar(float raw, float lo, float hi) {
        float l1 = hi - Activation.SOFTPLUS.apply(hi - raw);
        return lo + Activation.SOFTPLUS.apply(l1 - lo);
    }

    private static float[] softplus(float[] x) {
        INDArray a = HostArrays.array(x, x.length);
        Activations.activate(a, Activation.SOFTPLUS, a);
        return HostArrays.toFloats(a);
    }

    @Override
    Prediction decode(INDArray out, float[] obs, boolean perMember) {
        int d = targetSize();
        int e = (int) out.size(0);
        int b = (int) out.size(1);
        float[] o = HostArrays.toFloats(out);
        float[] lo = HostArrays.toFloats(minLogvar.value());
        float[] hi = HostArrays.toFloats(maxLogvar.value());
        int n = e * b * d;
        float[] mean = new float[n];
        float[] t = new float[n];
        for (int r = 0; r < e * b; r++) {
            System.arraycopy(o, r * 2 * d, mean, r * d, d);
            for (int j = 0; j < d; j++) {
                t[r * d + j] = hi[j] - o[r * 2 * d + d + j];
            }
        }
        // boundLogvar for all values at once: the two softplus passes through the vectorised kernel (the
        // same bits as Activation.SOFTPLUS.apply, docs/performance.md), the rest in plain loops.
        float[] sp = softplus(t);
        for (int k = 0; k < n; k++) {
            int j = k % d;
            t[k] = (hi[j] - sp[k]) - lo[j];
        }
        sp = softplus(t);
        float[] var = new float[n];
        for (int k = 0; k < n; k++) {
            var[k] = (float) Math.exp(lo[k % d] + sp[k]);
        }
        addObservations(mean, obs, e, b, perMember);
        long[] shape = {e, b, d};
        return new Prediction(HostArrays.array(mean, shape), HostArrays.array(var, shape));
    }

    @Override
    public INDArray sample(INDArray observations, INDArray actions, org.nd4j.linalg.api.rng.Random rng) {
        if (rng == null) {
            throw new IllegalArgumentException("rng must not be null");
        }
        Prediction p = predict(observations, actions);
        INDArray noise = Nd4j.randn(rng, p.mean().shape()).castTo(DataType.FLOAT);
        return p.mean().addi(Transforms.sqrt(p.variance(), true).muli(noise));
    }

    @Override
    String kind() {
        return KIND;
    }

    @Override
    void writeConfig(Checkpoint.Builder b) {
        b.putBoolean("config.learnLogvarBounds", config.learnLogvarBounds());
        b.putDouble("config.minLogvarInit", config.minLogvarInit());
        b.putDouble("config.maxLogvarInit", config.maxLogvarInit());
    }

    /**
     * Loads a model saved by {@link #save(Path)}: config, parameters, log-variance bounds, normaliser and
     * elites.
     *
     * @param file the file
     * @return the model
     * @throws org.mbrl4j.core.io.CorruptCheckpointException if the file is damaged, not a saved
     *                                                       GaussianEnsemble, or inconsistent
     * @throws IOException                                   if it cannot be read
     */
    public static GaussianEnsemble load(Path file) throws IOException {
        return load(file, KIND, cp -> {
            Common c = readCommon(cp);
            GaussianEnsembleConfig cfg = new GaussianEnsembleConfig(c.ensembleSize(), c.numElites(),
                    c.hiddenLayers(), c.hiddenSize(), c.activation(), cp.booleanValue("config.learnLogvarBounds"),
                    cp.doubleValue("config.minLogvarInit"), cp.doubleValue("config.maxLogvarInit"), c.learnReward(),
                    c.nonDeltaDims());
            return new GaussianEnsemble(c.obsSize(), c.actSize(), cfg, RandomStreams.of(0));
        });
    }
}
