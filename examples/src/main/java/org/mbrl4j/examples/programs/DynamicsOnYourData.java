package org.mbrl4j.examples.programs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.buffer.ReplayBuffer;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.examples.OpenLoopPlot;
import org.mbrl4j.models.dynamics.GaussianEnsemble;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.mbrl4j.models.dynamics.ModelTrainer;
import org.mbrl4j.models.dynamics.OpenLoopPrediction;
import org.mbrl4j.models.dynamics.TrainerConfig;
import org.mbrl4j.models.dynamics.TrainingResult;
import org.mbrl4j.tensor.CpuThreads;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a probabilistic dynamics ensemble on transitions you already have and draws its open-loop
 * predictions of a real episode it never saw ({@code open-loop.png}: real motion, the model's mean and its
 * two-standard-deviation band). Here the "own" transitions are 1000 steps of Pendulum-v1 under random
 * torques; any arrays of (observation, action, next observation) go into the buffer the same way.
 *
 * <pre>{@code java --add-modules jdk.incubator.vector -cp examples/target/mbrl4j.jar \
 *     org.mbrl4j.examples.programs.DynamicsOnYourData [epochs] [outFolder] [seed]}</pre>
 */
public final class DynamicsOnYourData {

    private DynamicsOnYourData() {}

    /**
     * @param args optional epochs (default 100), output folder (default {@code runs/dynamics}), seed (0)
     * @throws IOException if the plot cannot be written
     */
    public static void main(String[] args) throws IOException {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path out = Path.of(args.length > 1 ? args[1] : "runs/dynamics");
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 0;
        TrainingResult result = run(epochs, out, seed);
        System.out.printf("%d epochs, elites %s; wrote %s%n", result.epochs().size(),
                java.util.Arrays.toString(result.elites()), out.resolve("open-loop.png").toAbsolutePath());
    }

    /**
     * @param epochs training epochs (every one of them: no early stopping)
     * @param out the folder that receives {@code open-loop.png}
     * @param seed the seed of the data, the model and its training
     * @return the training's per-epoch reports (validation MSE of every member on a 20 % holdout)
     * @throws IOException if the plot cannot be written
     */
    public static TrainingResult run(int epochs, Path out, long seed) throws IOException {
        CpuThreads.configureDefaults(); // mbrl4j's thread policy (docs/performance.md#threads)
        RandomStreams streams = RandomStreams.of(seed);
        ReplayBuffer data = record(1000, streams.child("data").seed());        // your transitions go here
        // snippet:dynamics
        GaussianEnsembleConfig shape = GaussianEnsembleConfig.petsCartpole().withEnsemble(5, 5).withHidden(3, 128);
        GaussianEnsemble model = new GaussianEnsemble(3, 1, shape, streams.child("model"));
        TrainerConfig training = TrainerConfig.petsCartpole().withEpochs(epochs, 0).withValidationRatio(0.2);
        TrainingResult result = new ModelTrainer(model, training, streams.child("trainer")).train(data.all(),
                epoch -> System.out.printf("epoch %d: train loss %.4f%n", epoch.epoch(), epoch.trainLoss()));

        ReplayBuffer episode = record(50, streams.child("test-episode").seed());  // a real rollout, unseen
        Batch real = episode.all();                                            // actions [50, 1]
        OpenLoopPrediction prediction = OpenLoopPrediction.of(model, real.observations().getRow(0),
                real.actions(), real.nextObservations(), 20, streams.child("open-loop").javaRandom());
        OpenLoopPlot.savePng(prediction, "Pendulum-v1: model vs real", out.resolve("open-loop.png"));
        // end-snippet
        System.out.printf("open loop: %.0f %% of real values within 2 std%n", 100 * prediction.coverage(2));
        return result;
    }

    /** {@code steps} transitions of Pendulum-v1 under uniformly random torques, one episode from reset. */
    private static ReplayBuffer record(int steps, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        try (Environment env = Envs.make("Pendulum-v1")) {
            ReplayBuffer buffer = ReplayBuffer.create(steps, env.observationSpace(), env.actionSpace());
            INDArray obs = env.reset(seed).observation();
            for (int t = 0; t < steps; t++) {
                INDArray action = Nd4j.createFromArray((float) rng.nextDouble(-2, 2));
                Step step = env.step(action);
                buffer.add(obs, action, step.reward(), step.observation(), step.terminated(), step.truncated());
                obs = step.done() ? env.reset(rng.nextLong()).observation() : step.observation();
            }
            return buffer;
        }
    }
}
