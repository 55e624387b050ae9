package org.mbrl4j.models.dynamics;

import java.io.IOException;
import java.nio.file.Path;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Ensemble of deterministic networks (mbrl-lib's {@code GaussianMLP} with {@code deterministic: true}),
 * trained with the summed squared error {@link Losses#mse}. Predictions carry no variance and
 * {@link #sample} returns the means.
 */
public final class DeterministicEnsemble extends EnsembleDynamics {

    private static final String KIND = "DeterministicEnsemble";

    private final DeterministicEnsembleConfig config;

    /**
     * @param obsSize observation size, {@code >= 1}
     * @param actSize action size, {@code >= 1}
     * @param config  the settings
     * @param streams randomness of the initial weights
     * @throws IllegalArgumentException if a size is below 1, a non-delta dimension is out of range, or an
     *                                  argument is null
     */
    public DeterministicEnsemble(int obsSize, int actSize, DeterministicEnsembleConfig config,
            RandomStreams streams) {
        super(obsSize, actSize, config, 1, streams);
        this.config = config;
    }

    /** @return the settings */
    public DeterministicEnsembleConfig config() {
        return config;
    }

    @Override
    public double lossAndGradients(INDArray inputs, INDArray targets) {
        INDArray out = network().forward(inputs);
        Losses.Result r = Losses.mse(out, targets);
        network().backward(r.gradOutput());
        return r.loss();
    }

    @Override
    float[] targetMeans(INDArray inputs) {
        return HostArrays.toFloats(network().infer(inputs));
    }

    @Override
    Prediction decode(INDArray out, float[] obs, boolean perMember) {
        int e = (int) out.size(0);
        int b = (int) out.size(1);
        float[] mean = HostArrays.toFloats(out);
        addObservations(mean, obs, e, b, perMember);
        return new Prediction(HostArrays.array(mean, e, b, targetSize()), null);
    }

    @Override
    public INDArray sample(INDArray observations, INDArray actions, org.nd4j.linalg.api.rng.Random rng) {
        return predict(observations, actions).mean();
    }

    @Override
    String kind() {
        return KIND;
    }

    @Override
    void writeConfig(Checkpoint.Builder b) {
        // The shared entries describe a deterministic ensemble completely.
    }

    /**
     * Loads a model saved by {@link #save(Path)}.
     *
     * @param file the file
     * @return the model
     * @throws org.mbrl4j.core.io.CorruptCheckpointException if the file is damaged, not a saved
     *                                                       DeterministicEnsemble, or inconsistent
     * @throws IOException                                   if it cannot be read
     */
    public static DeterministicEnsemble load(Path file) throws IOException {
        return load(file, KIND, cp -> {
            Common c = readCommon(cp);
            DeterministicEnsembleConfig cfg = new DeterministicEnsembleConfig(c.ensembleSize(), c.numElites(),
                    c.hiddenLayers(), c.hiddenSize(), c.activation(), c.learnReward(), c.nonDeltaDims());
            return new DeterministicEnsemble(c.obsSize(), c.actSize(), cfg, RandomStreams.of(0));
        });
    }
}
