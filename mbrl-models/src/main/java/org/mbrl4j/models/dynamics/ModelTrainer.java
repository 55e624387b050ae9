package org.mbrl4j.models.dynamics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.models.nn.Adam;
import org.mbrl4j.models.nn.AdamConfig;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an {@link EnsembleDynamics} as mbrl-lib's {@code ModelTrainer} does: the input normaliser is
 * refitted on all the data, a validation share is held out, every member draws its own bootstrap
 * resample of the training rows, each epoch walks a fresh permutation in batches (every member gets its
 * own rows of the same permutation positions) with one Adam step per batch, and after each epoch every
 * member's validation score ({@link TrainerConfig#validationScore()}: the MSE of the means as mbrl-lib, or
 * the Gaussian negative log-likelihood; delta space, mean over rows and dimensions) is compared with its best:
 * a relative decrease above {@code improvementThreshold} makes it the member's new best and stores that
 * member's weights. Training stops after {@code patience} epochs in which no member improved. At the end
 * every member gets back its own best weights (mbrl-lib restores the whole ensemble's state of the last
 * epoch in which any member improved; keeping each member's best is the stricter reading) and the
 * {@code numElites} members with the lowest best scores become the elites.
 *
 * <p>Deterministic: all randomness comes from the {@link RandomStreams} passed in. The Adam state
 * persists across {@code train} calls (mbrl-lib keeps one optimiser per trainer too).
 */
public final class ModelTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTrainer.class);

    /** Rows per member per forward pass when scoring. */
    private static final int EVAL_CHUNK = 512;

    private final EnsembleDynamics model;
    private final TrainerConfig config;
    private RandomStreams streams;
    private final Adam adam;
    private long prepared;
    private long epochsRun;

    /**
     * @param model   the model to train (its parameters are updated in place)
     * @param config  the settings
     * @param streams randomness of the splits, bootstraps and shuffles
     * @throws IllegalArgumentException if an argument is null, or the config scores by
     *                                  {@link ValidationScore#GAUSSIAN_NLL} a model without variances
     */
    public ModelTrainer(EnsembleDynamics model, TrainerConfig config, RandomStreams streams) {
        if (model == null || config == null || streams == null) {
            throw new IllegalArgumentException("model, config and streams must not be null");
        }
        if (config.validationScore() == ValidationScore.GAUSSIAN_NLL && !(model instanceof GaussianEnsemble)) {
            throw new IllegalArgumentException("validationScore GAUSSIAN_NLL needs a model that predicts variances "
                    + "(a GaussianEnsemble): got a " + model.getClass().getSimpleName());
        }
        this.model = model;
        this.config = config;
        this.streams = streams;
        AdamConfig ac = AdamConfig.adam(config.learningRate(), config.weightDecay())
                .withMaxGradNorm(config.maxGradNorm());
        this.adam = new Adam(model.trainableParameters(), ac);
    }

    /**
     * Adds the trainer's state to a checkpoint: the optimiser's moments and step count, the seed of its random
     * streams and the counters from which the seeds of later splits, bootstraps and shuffles derive (the model's
     * own state is the model's to write).
     *
     * @param builder the checkpoint being built
     * @param prefix  prefix of the entry names, e.g. {@code "trainer."}
     */
    public void writeState(Checkpoint.Builder builder, String prefix) {
        adam.writeTo(builder, prefix + "adam.");
        builder.putLong(prefix + "streams", streams.seed());
        builder.putLong(prefix + "prepared", prepared);
        builder.putLong(prefix + "epochsRun", epochsRun);
    }

    /**
     * Restores what {@link #writeState} wrote, so training continues with the same draws (the random streams
     * given to the constructor are replaced by the saved ones).
     *
     * @param checkpoint the checkpoint
     * @param prefix     the prefix given to {@link #writeState}
     * @throws IllegalArgumentException if an entry is missing or has another shape (naming it)
     */
    public void readState(Checkpoint checkpoint, String prefix) {
        adam.readFrom(checkpoint, prefix + "adam.");
        long seed = checkpoint.longValue(prefix + "streams");
        prepared = checkpoint.longValue(prefix + "prepared");
        epochsRun = checkpoint.longValue(prefix + "epochsRun");
        streams = RandomStreams.of(seed);
    }

    /** @return the optimiser (for checkpointing its state) */
    public Adam optimizer() {
        return adam;
    }

    /** @return the settings */
    public TrainerConfig config() {
        return config;
    }

    /**
     * Refits the model's normaliser on all of {@code data}, then splits, normalises and bootstraps.
     *
     * @param data transitions: observations {@code [N, o]}, actions {@code [N, a]}, next observations
     *             {@code [N, o]}, rewards {@code [N]} (read only when the model learns rewards); {@code N >= 2}
     * @return the prepared set
     * @throws IllegalArgumentException on wrong shapes, non-finite values, or too few rows for the split
     */
    public TrainingSet prepare(Batch data) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        int o = model.observationSize();
        int a = model.actionSize();
        float[] obs = Inputs.floats("data.observations", data.observations(), new long[] {-1, o});
        int n = (int) data.observations().size(0);
        float[] act = Inputs.floats("data.actions", data.actions(), new long[] {n, a});
        float[] next = Inputs.floats("data.nextObservations", data.nextObservations(), new long[] {n, o});
        float[] rew = null;
        if (model.learnsReward()) {
            INDArray r = data.rewards();
            if (r == null || r.length() != n) {
                throw new IllegalArgumentException("data.rewards must hold " + n + " values: got "
                        + (r == null ? "null" : Arrays.toString(r.shape())));
            }
            rew = Inputs.floats("data.rewards", r.reshape(n), new long[] {n});
        }
        if (n < 2) {
            throw new IllegalArgumentException("data must hold at least 2 rows: " + n);
        }
        // Holdout: row i is held out when its own uniform draw falls below the ratio. The draw depends only on
        // the row's position, never on the call, so a row held out once stays held out as data are appended:
        // the model keeps its weights between calls, and a row it was trained on in an earlier call would
        // score it optimistically (the first score is the bar every later epoch must beat by the threshold).
        boolean[] held = new boolean[n];
        int nVal = 0;
        long splitSeed = streams.child("split").seed();
        for (int i = 0; i < n; i++) {
            held[i] = unitDraw(splitSeed, i) < config.validationRatio();
            nVal += held[i] ? 1 : 0;
        }
        int nTrain = n - nVal;
        if (nTrain < 1) {
            throw new IllegalArgumentException("data must leave at least one row for training: "
                    + n + " rows, validationRatio " + config.validationRatio());
        }
        RandomStreams s = streams.child("prepare").child(prepared++);
        double[] raw = model.rawInputs(obs, act, n);
        model.normalizer().update(raw, n);
        int in = o + a;
        float[] x = new float[n * in];
        model.normalizer().normalizeRows(raw, x);
        float[] y = model.targets(obs, next, rew, n);
        int d = model.targetSize();
        // Training rows first, then held-out rows, each in data order.
        int[] perm = new int[n];
        int t = 0;
        int v = nTrain;
        for (int i = 0; i < n; i++) {
            perm[held[i] ? v++ : t++] = i;
        }
        float[] xTrain = gatherRows(x, in, perm, 0, nTrain);
        float[] yTrain = gatherRows(y, d, perm, 0, nTrain);
        float[] xVal = gatherRows(x, in, perm, nTrain, nVal);
        float[] yVal = gatherRows(y, d, perm, nTrain, nVal);
        int e = model.ensembleSize();
        int[][] boot = new int[e][nTrain];
        SplittableRandom br = new SplittableRandom(s.child("bootstrap").seed());
        for (int m = 0; m < e; m++) {
            for (int i = 0; i < nTrain; i++) {
                boot[m][i] = config.bootstrap() ? br.nextInt(nTrain) : i;
            }
        }
        return new TrainingSet(xTrain, yTrain, nTrain, xVal, yVal, nVal, boot);
    }

    /**
     * One pass over the training rows in a fresh permutation, one Adam step per batch.
     *
     * @param set the prepared data (from this trainer's model)
     * @return the mean batch loss
     * @throws IllegalStateException if a gradient becomes non-finite
     */
    public double trainEpoch(TrainingSet set) {
        int e = model.ensembleSize();
        int in = model.observationSize() + model.actionSize();
        int d = model.targetSize();
        int[] perm = permutation(set.nTrain, new SplittableRandom(streams.child("shuffle").child(epochsRun++).seed()));
        double total = 0;
        int batches = 0;
        for (int start = 0; start < set.nTrain; start += config.batchSize()) {
            int b = Math.min(config.batchSize(), set.nTrain - start);
            float[] xb = new float[e * b * in];
            float[] yb = new float[e * b * d];
            for (int m = 0; m < e; m++) {
                int[] boot = set.bootstrap[m];
                for (int r = 0; r < b; r++) {
                    int row = boot[perm[start + r]];
                    System.arraycopy(set.xTrain, row * in, xb, (m * b + r) * in, in);
                    System.arraycopy(set.yTrain, row * d, yb, (m * b + r) * d, d);
                }
            }
            double loss = model.lossAndGradients(HostArrays.array(xb, e, b, in),
                    HostArrays.array(yb, e, b, d));
            adam.step();
            total += loss;
            batches++;
        }
        return total / batches;
    }

    /**
     * Each member's {@link TrainerConfig#validationScore()} on the validation rows (on the training rows when
     * there are none), averaged over rows and target dimensions: the MSE of the predicted target means, or
     * their Gaussian negative log-likelihood under the predicted variances. Lower is better.
     *
     * @param set the prepared data
     * @return scores {@code [E]}
     */
    public double[] evaluate(TrainingSet set) {
        boolean nll = config.validationScore() == ValidationScore.GAUSSIAN_NLL;
        boolean held = set.nVal > 0;
        float[] x = held ? set.xVal : set.xTrain;
        float[] y = held ? set.yVal : set.yTrain;
        int n = held ? set.nVal : set.nTrain;
        int e = model.ensembleSize();
        int in = model.observationSize() + model.actionSize();
        int d = model.targetSize();
        double[] sums = new double[e];
        for (int start = 0; start < n; start += EVAL_CHUNK) {
            int b = Math.min(EVAL_CHUNK, n - start);
            float[] xb = new float[e * b * in];
            for (int m = 0; m < e; m++) {
                System.arraycopy(x, start * in, xb, m * b * in, b * in);
            }
            INDArray input = HostArrays.array(xb, e, b, in);
            // MSE: the means' squared error; GAUSSIAN_NLL: 0.5 (error^2 / variance + log variance)
            double[] mean;
            double[] logvar = null;
            if (nll) {
                double[][] moments = model.targetMeansAndLogvars(input);
                mean = moments[0];
                logvar = moments[1];
            } else {
                float[] means = model.targetMeans(input);
                mean = new double[means.length];
                for (int k = 0; k < means.length; k++) {
                    mean[k] = means[k];
                }
            }
            for (int m = 0; m < e; m++) {
                double s = 0;
                for (int r = 0; r < b; r++) {
                    for (int j = 0; j < d; j++) {
                        int k = (m * b + r) * d + j;
                        float target = y[(start + r) * d + j];
                        // the MSE's difference in float32, as the means are (the scores stay bit for bit)
                        double diff = logvar == null ? (float) mean[k] - target : mean[k] - target;
                        s += logvar == null ? diff * diff : 0.5 * (diff * diff * Math.exp(-logvar[k]) + logvar[k]);
                    }
                }
                sums[m] += s;
            }
        }
        for (int m = 0; m < e; m++) {
            sums[m] /= (double) n * d;
        }
        return sums;
    }

    /**
     * {@link #train(Batch, Consumer)} without a callback.
     *
     * @param data the transitions
     * @return the outcome
     */
    public TrainingResult train(Batch data) {
        return train(data, r -> { });
    }

    /**
     * Prepares {@code data} and trains for up to {@code maxEpochs} epochs with early stopping, then
     * restores each member's best weights and sets the elites.
     *
     * @param data     the transitions (see {@link #prepare})
     * @param callback told after every epoch
     * @return the outcome
     * @throws IllegalArgumentException on bad data
     */
    public TrainingResult train(Batch data, Consumer<EpochReport> callback) {
        if (callback == null) {
            throw new IllegalArgumentException("callback must not be null");
        }
        TrainingSet set = prepare(data);
        int e = model.ensembleSize();
        List<Parameter> all = model.savedParameters();
        List<Parameter> perMember = model.network().parameters();
        List<INDArray> best = new ArrayList<>();
        for (Parameter p : all) {
            best.add(p.value().dup());
        }
        double[] bestScore = evaluate(set);
        List<EpochReport> reports = new ArrayList<>();
        int since = 0;
        boolean early = false;
        for (int epoch = 0; epoch < config.maxEpochs(); epoch++) {
            double loss = trainEpoch(set);
            double[] score = evaluate(set);
            boolean any = false;
            for (int m = 0; m < e; m++) {
                double improvement = (bestScore[m] - score[m]) / Math.abs(bestScore[m]);
                if (improvement > config.improvementThreshold()) {
                    any = true;
                    bestScore[m] = score[m];
                    for (int i = 0; i < perMember.size(); i++) {
                        best.get(i).slice(m).assign(perMember.get(i).value().slice(m));
                    }
                }
            }
            if (any) {
                // Shared parameters (the log-variance bounds) follow the last epoch in which anyone improved.
                for (int i = perMember.size(); i < all.size(); i++) {
                    best.get(i).assign(all.get(i).value());
                }
                since = 0;
            } else {
                since++;
            }
            EpochReport report = new EpochReport(epoch, loss, score, bestScore.clone(), since);
            reports.add(report);
            callback.accept(report);
            if (config.patience() > 0 && since >= config.patience()) {
                early = epoch + 1 < config.maxEpochs();
                break;
            }
        }
        for (int i = 0; i < all.size(); i++) {
            all.get(i).value().assign(best.get(i));
        }
        int[] elites = IntStream.range(0, e).boxed()
                .sorted(Comparator.<Integer>comparingDouble(m -> bestScore[m]).thenComparingInt(m -> m))
                .limit(model.settings().numElites()).mapToInt(Integer::intValue).toArray();
        model.setElites(elites);
        if (LOG.isDebugEnabled()) {
            LOG.debug("dynamics model trained on {} rows: {} epochs{}, last train loss {}, best validation scores {}, "
                    + "elites {}", data.size(), reports.size(), early ? " (stopped early)" : "",
                    reports.isEmpty() ? Double.NaN : reports.get(reports.size() - 1).trainLoss(),
                    Arrays.toString(bestScore), Arrays.toString(elites));
        }
        return new TrainingResult(reports, bestScore, elites, early);
    }

    /** A uniform draw in [0, 1) that depends only on {@code seed} and {@code index} (SplitMix64's finaliser). */
    static double unitDraw(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static float[] gatherRows(float[] src, int width, int[] perm, int from, int count) {
        float[] out = new float[count * width];
        for (int i = 0; i < count; i++) {
            System.arraycopy(src, perm[from + i] * width, out, i * width, width);
        }
        return out;
    }
}
