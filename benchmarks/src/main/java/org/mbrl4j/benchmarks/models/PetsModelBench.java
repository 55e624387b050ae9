package org.mbrl4j.benchmarks.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.tensor.Gemm;
import org.mbrl4j.tensor.Activations;
import org.mbrl4j.models.dynamics.GaussianEnsemble;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.mbrl4j.models.dynamics.ModelTrainer;
import org.mbrl4j.models.dynamics.TrainerConfig;
import org.mbrl4j.models.dynamics.TrainingSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The PETS cart-pole ensemble of mbrl-lib ({@link GaussianEnsembleConfig#petsCartpole()}): 7 members of
 * 4 x 200 SiLU layers, inputs obs 4 + action 1, Gaussian head (2 x 4 outputs), N = 10,000 synthetic
 * transitions, batch 256, no validation split (mbrl-lib's {@code validation_ratio 0}).
 * {@code benchmarks/python/torch_pets.py} times the same workloads in PyTorch, under the same labels.
 *
 * <ul>
 * <li>{@code train_epoch}: {@link ModelTrainer#trainEpoch}: 40 bootstrap batches of 7 x 256 rows, forward,
 *     Gaussian NLL with soft log-variance bounds, backward, Adam with weight decay.</li>
 * <li>{@code eval_pass}: {@link ModelTrainer#evaluate} over the 10,000 rows, every member.</li>
 * <li>{@code forward}: one pass of the whole ensemble over a CEM population of 350 x 20 particles = 7,000
 *     rows, split over the members (TS1 propagation sends each particle row through one member): the raw
 *     network on {@code [7, 1000, 5]} and {@link GaussianEnsemble#predictPerMember} (which adds
 *     normalisation, the log-variance bound and the delta), and the 5-elite shape {@code [5, 1400, 5]} that
 *     the planner runs.</li>
 * </ul>
 * Timing: warm-up (3 epochs for training and evaluation, so that the JIT has compiled the kernels; the
 * PyTorch script warms up once), then the median of repeats. Run with
 * {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar:benchmarks/target/lib/*
 * org.mbrl4j.benchmarks.models.PetsModelBench [repeats]}.
 */
public final class PetsModelBench {

    private PetsModelBench() {
    }

    /**
     * @param args optional: number of timed repeats (default 5)
     */
    public static void main(String[] args) {
        CpuThreads.configureDefaults(); // the command line's thread policy, which these numbers describe
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.printf(Locale.ROOT, "direct GEMM: %s, Vector API: %s, cores: %d%n", Gemm.directPathAvailable(),
                Activations.vectorApiEnabled(), Runtime.getRuntime().availableProcessors());
        GaussianEnsemble model = new GaussianEnsemble(4, 1, GaussianEnsembleConfig.petsCartpole(), RandomStreams.of(0));
        ModelTrainer trainer = new ModelTrainer(model, TrainerConfig.petsCartpole(), RandomStreams.of(1));
        TrainingSet set = trainer.prepare(makeData(10_000, 4, 1, 0));
        report("train_epoch (7x4x200 SiLU, N=10000, batch 256)", time(() -> trainer.trainEpoch(set), 3, repeats));
        report("eval_pass (10000 rows x 7 members)", time(() -> trainer.evaluate(set), 3, repeats));

        INDArray x7 = randn(2, 7, 1000, 5);
        report("forward network [7, 1000, 5]", time(() -> model.network().forward(x7), 3, repeats * 4));
        INDArray obs = randn(3, 7, 1000, 4);
        INDArray act = randn(4, 7, 1000, 1);
        report("forward predictPerMember [7, 1000, 4+1]", time(() -> model.predictPerMember(obs, act), 3, repeats * 4));
        GaussianEnsemble five = new GaussianEnsemble(4, 1, GaussianEnsembleConfig.petsCartpole().withEnsemble(5, 5),
                RandomStreams.of(5));
        INDArray x5 = randn(6, 5, 1400, 5);
        report("forward network [5, 1400, 5]", time(() -> five.network().forward(x5), 3, repeats * 4));
    }

    /**
     * Random transitions, drawn as torch_pets.py draws them: obs ~ N(0, 0.5^2), act ~ U(-1, 1),
     * next = obs + 0.05 N(0,1) + 0.02 sum(act).
     */
    static Batch makeData(int n, int o, int a, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] obs = new float[n * o];
        float[] act = new float[n * a];
        float[] next = new float[n * o];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < a; j++) {
                act[i * a + j] = (float) (2 * r.nextDouble() - 1);
                s += act[i * a + j];
            }
            for (int j = 0; j < o; j++) {
                obs[i * o + j] = (float) (0.5 * r.nextGaussian());
                next[i * o + j] = (float) (obs[i * o + j] + 0.05 * r.nextGaussian() + 0.02 * s);
            }
        }
        return new Batch(Nd4j.create(obs, new long[] {n, o}, DataType.FLOAT),
                Nd4j.create(act, new long[] {n, a}, DataType.FLOAT), Nd4j.zeros(DataType.FLOAT, n),
                Nd4j.create(next, new long[] {n, o}, DataType.FLOAT), Nd4j.zeros(DataType.BOOL, n),
                Nd4j.zeros(DataType.BOOL, n));
    }

    private static INDArray randn(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Nd4j.create(v, shape, DataType.FLOAT);
    }

    private static double[] time(Runnable fn, int warmup, int repeats) {
        for (int i = 0; i < warmup; i++) {
            fn.run();
        }
        List<Double> ts = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            fn.run();
            ts.add((System.nanoTime() - t0) / 1e6);
        }
        Collections.sort(ts);
        return new double[] {ts.get(ts.size() / 2), ts.get(0), ts.get(ts.size() - 1)};
    }

    private static void report(String what, double[] t) {
        System.out.printf(Locale.ROOT, "%-48s median %8.2f ms  (min %.2f, max %.2f)%n", what, t[0], t[1], t[2]);
    }
}
