package org.mbrl4j.algorithms.mbpo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.mbrl4j.algorithms.common.AgentCheckpoints;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.sac.Sac;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.buffer.ReplayBuffer;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.random.SplitMix64;
import org.mbrl4j.core.spaces.Space;
import org.mbrl4j.models.dynamics.GaussianEnsemble;
import org.mbrl4j.models.dynamics.ModelTrainer;
import org.mbrl4j.models.dynamics.Prediction;
import org.mbrl4j.models.dynamics.TrainingResult;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MBPO (Janner et al. 2019, arXiv:1906.08253, algorithm 2), as mbrl-lib's {@code mbrl/algorithms/mbpo.py}
 * arranges it, with jannerm/mbpo's real/model batch mixing:
 * <ol>
 * <li>every {@code trainModelEvery} real steps, a {@link GaussianEnsemble} (with a learned reward) is trained
 * on all real data by {@link ModelTrainer} (holdout, early stopping, elites);</li>
 * <li>then {@code rolloutBatchSize} real states start {@code k}-step branched rollouts under the current SAC
 * policy (sampled actions); each sample steps through a uniformly drawn elite member at every step (a
 * sample of its Gaussian, or its mean when {@code sampleModel} is off); rewards are the model's,
 * terminations the task's function, and a rollout stops adding rows once it has terminated; {@code k}
 * follows the {@link RolloutSchedule} of the epoch;</li>
 * <li>the model buffer holds {@code retainEpochs} epochs of rollouts ({@link MbpoConfig#modelCapacity});</li>
 * <li>after every real step, SAC makes {@code sac.updatesPerStep} updates on batches of
 * {@code realRatio * B} real and the rest model transitions.</li>
 * </ol>
 * Not thread-safe.
 */
public final class Mbpo implements OffPolicyLearner {

    private final int obsDim;
    private final int actDim;
    private final MbpoConfig config;
    private final TerminationFunction termination;
    private final Sac sac;
    private final GaussianEnsemble model;
    private final ModelTrainer trainer;
    private final Space actionSpace;
    private final ReplayBuffer real;
    private final SplitMix64 rng;
    private ModelReplay modelData;
    private long steps;
    private int rolloutLength;
    private int trainings;
    /** The mean best validation score of the elites at the last model training; NaN before the first. */
    private double lastModelScore = Double.NaN;

    /**
     * @param obsDim      observation size
     * @param actionSpace the environment's bounded action box
     * @param termination the task's termination function (used inside model rollouts)
     * @param config      the settings
     * @param streams     all randomness (weights, rollouts, batches)
     */
    public Mbpo(int obsDim, Space actionSpace, TerminationFunction termination, MbpoConfig config,
            RandomStreams streams) {
        this.config = Objects.requireNonNull(config, "config");
        this.termination = Objects.requireNonNull(termination, "termination");
        this.sac = new Sac(obsDim, actionSpace, config.sac(), streams.child("sac"));
        this.obsDim = obsDim;
        this.actDim = ((org.mbrl4j.core.spaces.Box) actionSpace).flatDim();
        this.model = new GaussianEnsemble(obsDim, actDim, config.ensemble(), streams.child("model"));
        this.trainer = new ModelTrainer(model, config.trainer(), streams.child("trainer"));
        this.real = ReplayBuffer.create(config.sac().replayCapacity(), new long[] {obsDim}, new long[] {actDim});
        this.actionSpace = actionSpace;
        this.rng = streams.child("rollouts").generator();
        this.rolloutLength = config.schedule().length(1);
        this.modelData = new ModelReplay(config.modelCapacity(rolloutLength), obsDim, actDim);
    }

    /** The {@code kind} entry of an MBPO checkpoint. */
    public static final String KIND = "mbrl4j.Mbpo";

    /**
     * Builds a learner with the config and problem sizes stored in a checkpoint, its state not yet restored
     * (call {@link #readState}, or use {@link #load}). The termination function is the task's, not stored.
     *
     * @param checkpoint  a checkpoint holding an MBPO learner
     * @param prefix      the prefix its entries were written under
     * @param termination the task's termination function
     * @return a new learner with the stored config
     * @throws IllegalArgumentException if the checkpoint holds no MBPO learner or its config is invalid
     */
    public static Mbpo fromCheckpoint(Checkpoint checkpoint, String prefix, TerminationFunction termination) {
        AgentCheckpoints.checkKind(checkpoint, prefix, KIND);
        return new Mbpo(AgentCheckpoints.observationSize(checkpoint, prefix),
                AgentCheckpoints.actionSpace(checkpoint, prefix), termination,
                AgentCheckpoints.config(checkpoint, prefix, MbpoConfig.class), RandomStreams.of(0));
    }

    /**
     * Loads a learner saved by {@link #save}; it continues exactly as the saved one would have.
     *
     * @param file        the checkpoint file
     * @param termination the task's termination function
     * @return the learner
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws org.mbrl4j.core.io.CorruptCheckpointException if the file is damaged or holds no MBPO learner
     *     (naming the file and the fault)
     * @throws IOException if it cannot be read
     */
    public static Mbpo load(Path file, TerminationFunction termination) throws IOException {
        return AgentCheckpoints.loadLearner(file, (cp, prefix) -> fromCheckpoint(cp, prefix, termination));
    }

    /**
     * {@inheritDoc}
     *
     * <p>MBPO writes its SAC's networks, optimisers and generators, the ensemble and its trainer, the real and
     * the model buffers, its rollout generator, step count, rollout length and last model score.
     */
    @Override
    public void writeState(Checkpoint.Builder b, String prefix) {
        AgentCheckpoints.writeHeader(b, prefix, KIND, config, obsDim, actionSpace);
        sac.writeNetworks(b, prefix + "sac.");
        model.writeState(b, prefix + "model.");
        trainer.writeState(b, prefix + "trainer.");
        real.writeTo(b, prefix + "real.");
        modelData.writeTo(b, prefix + "modelBuffer.");
        AgentCheckpoints.putGenerator(b, prefix + "rng.rollouts", rng);
        b.putLong(prefix + "steps", steps);
        b.putLong(prefix + "rolloutLength", rolloutLength);
        b.putLong(prefix + "trainings", trainings);
        b.putDouble(prefix + "lastModelScore", lastModelScore);
    }

    @Override
    public void readState(Checkpoint cp, String prefix) {
        AgentCheckpoints.checkMatches(cp, prefix, KIND, config, obsDim, actionSpace);
        real.restoreFrom(cp, prefix + "real.");
        ModelReplay restoredModelData = ModelReplay.readFrom(cp, prefix + "modelBuffer.");
        sac.readNetworks(cp, prefix + "sac.");
        model.readState(cp, prefix + "model.");
        trainer.readState(cp, prefix + "trainer.");
        AgentCheckpoints.readGenerator(cp, prefix + "rng.rollouts", rng);
        steps = cp.longValue(prefix + "steps");
        rolloutLength = (int) cp.longValue(prefix + "rolloutLength");
        trainings = (int) cp.longValue(prefix + "trainings");
        lastModelScore = cp.doubleValue(prefix + "lastModelScore");
        modelData = restoredModelData;
    }

    /** @return the SAC learner */
    public Sac sac() {
        return sac;
    }

    /** @return the dynamics ensemble */
    public GaussianEnsemble model() {
        return model;
    }

    /** @return the model buffer */
    public ModelReplay modelBuffer() {
        return modelData;
    }

    /** @return the rollout length in use */
    public int rolloutLength() {
        return rolloutLength;
    }

    /** @return the number of model trainings so far */
    public int modelTrainings() {
        return trainings;
    }

    @Override
    public INDArray explore(INDArray observation) {
        return sac.explore(observation);
    }

    @Override
    public Agent evaluationAgent() {
        return sac.evaluationAgent();
    }

    @Override
    public Map<String, Double> drainMetrics() {
        Map<String, Double> m = new java.util.LinkedHashMap<>(sac.drainMetrics());
        m.put("rollout_length", (double) rolloutLength);
        m.put("model_buffer", (double) modelData.size());
        if (!Double.isNaN(lastModelScore)) {
            m.put("model_val_mse", lastModelScore);
        }
        return m;
    }

    @Override
    public void observe(Transition t) {
        real.add(t);
        steps++;
        int epoch = (int) ((steps - 1) / config.epochLength());
        int k = config.schedule().length(epoch + 1);
        if (k != rolloutLength) {
            rolloutLength = k;
            modelData = modelData.resized(config.modelCapacity(k));
        }
        if (steps % config.trainModelEvery() == 0 && real.size() >= config.minRealSteps()) {
            TrainingResult training = trainer.train(real.all());
            double score = 0;
            for (int e : training.elites()) {
                score += training.bestValidationScores()[e];
            }
            lastModelScore = score / training.elites().length;
            trainings++;
            rollout(config.rolloutBatchSize(), k);
        }
        if (modelData.size() > 0) {
            int b = config.sac().batchSize();
            int nReal = (int) Math.round(config.realRatio() * b);
            for (int i = 0; i < config.sac().updatesPerStep(); i++) {
                sac.update(mix(nReal > 0 ? real.sample(nReal, rng) : null,
                        nReal < b ? modelData.sample(b - nReal, rng) : null));
            }
        }
    }

    /**
     * Branched rollouts: {@code starts} real states, {@code k} model steps each, a random elite per sample and
     * step.
     */
    void rollout(int starts, int k) {
        Batch start = real.sample(starts, rng);
        float[] obs = start.observations().dup('c').data().asFloat();
        boolean[] done = new boolean[starts];
        int[] elites = model.elites();
        int out = model.outputSize();
        for (int h = 0; h < k; h++) {
            INDArray o = Nd4j.create(obs, new long[] {starts, obsDim}, DataType.FLOAT);
            INDArray a = sac.act(o, false);
            float[] act = a.dup('c').data().asFloat();
            // A random elite per sample (and its noise), drawn in the order of the all-member version; then
            // each sample goes through its member alone (predictRows), not every member through every sample.
            int[] member = new int[starts];
            double[] noise = config.sampleModel() ? new double[starts * out] : null;
            for (int i = 0; i < starts; i++) {
                member[i] = elites[rng.nextInt(elites.length)];
                if (noise != null) {
                    for (int j = 0; j < out; j++) {
                        noise[i * out + j] = rng.nextGaussian();
                    }
                }
            }
            Prediction p = model.predictRows(o, a, member);
            float[] mean = p.mean().dup('c').data().asFloat();
            float[] var = p.variance().dup('c').data().asFloat();
            float[] next = new float[starts * obsDim];
            float[] rew = new float[starts];
            for (int i = 0; i < starts; i++) {
                int base = i * out;
                for (int j = 0; j < out; j++) {
                    float v = mean[base + j];
                    if (noise != null) {
                        v += (float) (Math.sqrt(var[base + j]) * noise[i * out + j]);
                    }
                    if (j < obsDim) {
                        next[i * obsDim + j] = v;
                    } else {
                        rew[i] = v;
                    }
                }
            }
            INDArray n = Nd4j.create(next, new long[] {starts, obsDim}, DataType.FLOAT);
            float[] term = termination.done(o, a, n).dup('c').data().asFloat();
            for (int i = 0; i < starts; i++) {
                if (!done[i]) {
                    modelData.add(obs, i * obsDim, act, i * actDim, rew[i], next, i * obsDim, term[i] != 0);
                }
                done[i] |= term[i] != 0;
            }
            obs = next;
        }
    }

    private static Batch mix(Batch a, Batch b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return new Batch(Nd4j.concat(0, a.observations(), b.observations()),
                Nd4j.concat(0, a.actions(), b.actions()), Nd4j.concat(0, a.rewards(), b.rewards()),
                Nd4j.concat(0, a.nextObservations(), b.nextObservations()),
                Nd4j.concat(0, a.terminated(), b.terminated()), Nd4j.concat(0, a.truncated(), b.truncated()));
    }
}
