package org.mbrl4j.algorithms.mbpo;

import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.sac.Sac;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.buffer.ReplayBuffer;
import org.mbrl4j.core.random.RandomStreams;
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
    private final ReplayBuffer real;
    private final SplittableRandom rng;
    private ModelReplay modelData;
    private long steps;
    private int rolloutLength;
    private int trainings;
    private TrainingResult lastTraining;

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
        this.rng = streams.child("rollouts").javaRandom();
        this.rolloutLength = config.schedule().length(1);
        this.modelData = new ModelReplay(config.modelCapacity(rolloutLength), obsDim, actDim);
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
        if (lastTraining != null) {
            double s = 0;
            for (int e : lastTraining.elites()) {
                s += lastTraining.bestValidationScores()[e];
            }
            m.put("model_val_mse", s / lastTraining.elites().length);
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
            lastTraining = trainer.train(real.all());
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
