package org.mbrl4j.benchmarks.planners;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mbrl4j.algorithms.muzero.Muzero;
import org.mbrl4j.algorithms.muzero.MuzeroConfig;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.spaces.Discrete;
import org.mbrl4j.tensor.CpuThreads;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Search throughput of MuZero's pUCT search on CartPole-v1's sizes (observation 4, 2 actions) with
 * {@link MuzeroConfig#cartPole()} (encoding 8, hidden 16, support 10, 50 simulations, root noise as in
 * self-play): one move is {@link Muzero#search(INDArray, boolean)} in self-play mode from a random observation,
 * the initial inference and 50 simulations on the networks' {@code float[]} copy, exactly as
 * {@link Muzero#explore} searches. The same search and networks as {@code benchmarks/python/torch_mcts.py}.
 *
 * <pre>
 * MBRL4J_THREADS=1 java -cp benchmarks/target/benchmarks.jar org.mbrl4j.benchmarks.planners.MctsSearchRun
 *     [--rounds 5] [--moves 1000] [--warmup-s 10]
 * </pre>
 * Prints the median simulations per second over {@code --rounds} rounds of {@code --moves} moves, after untimed
 * moves for {@code --warmup-s} seconds. The search itself runs on the calling thread; the thread setting
 * ({@link CpuThreads#configureDefaults()}, {@code MBRL4J_THREADS}) only bounds ND4J's workers.
 */
public final class MctsSearchRun {

    private MctsSearchRun() {
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        CpuThreads.configureDefaults(); // the command line's thread policy, which these numbers describe
        int rounds = 5;
        int moves = 1000;
        double warmupSeconds = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--moves": moves = Integer.parseInt(args[++i]); break;
                case "--warmup-s": warmupSeconds = Double.parseDouble(args[++i]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (rounds < 1 || moves < 1) {
            throw new IllegalArgumentException("--rounds and --moves must be >= 1: " + rounds + ", " + moves);
        }
        MuzeroConfig config = MuzeroConfig.cartPole();
        Muzero muzero = new Muzero(4, Discrete.of(2), config, RandomStreams.of(0));
        SplittableRandom data = new SplittableRandom(1);
        INDArray[] observations = new INDArray[moves];
        for (int i = 0; i < moves; i++) {
            observations[i] = Nd4j.createFromArray((float) data.nextGaussian(), (float) data.nextGaussian(),
                    (float) data.nextGaussian(), (float) data.nextGaussian());
        }
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int warmupMoves = 0;
        int sink = 0; // the chosen actions, printed so that no search is optimised away
        do {
            sink += muzero.search(observations[warmupMoves % moves], false).action();
            warmupMoves++;
        } while (System.nanoTime() < warmupEnd);
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int m = 0; m < moves; m++) {
                sink += muzero.search(observations[m], false).action();
            }
            rates[r] = (double) moves * config.simulations() / ((System.nanoTime() - t0) / 1e9);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        StringBuilder perRound = new StringBuilder();
        for (double rate : rates) {
            perRound.append(perRound.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", rate));
        }
        System.out.printf(Locale.ROOT, "mcts mbrl4j %d thread(s): median %.0f simulations/s over %d rounds of %d "
                + "moves [%s] (after %d warm-up moves; parity of the chosen actions %d)%n", CpuThreads.threads(),
                sorted[rounds / 2], rounds, moves, perRound, warmupMoves, sink % 2);
    }
}
