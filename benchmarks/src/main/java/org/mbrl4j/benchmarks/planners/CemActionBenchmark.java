package org.mbrl4j.benchmarks.planners;

import java.util.Arrays;
import org.mbrl4j.algorithms.pets.PetsConfig;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.models.dynamics.GaussianEnsemble;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.mbrl4j.planners.ActionBounds;
import org.mbrl4j.planners.CemConfig;
import org.mbrl4j.planners.ModelEnv;
import org.mbrl4j.planners.MpcAgent;
import org.mbrl4j.tensor.CpuThreads;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times one CEM action selection ({@code MpcAgent.act}) with {@link PetsConfig#cartpoleContinuous()}: 5
 * iterations x 350 sequences x 20 particles x 15 steps through a 7 x 4 x 200 SiLU Gaussian ensemble (5
 * elites), and reports the GFLOP/s of its linear layers ({@code iters * pop * particles * horizon *
 * 2 * sum d_i d_{i+1}}, 128.7 GFLOP per action). Untrained weights (timing does not depend on them).
 * {@code benchmarks/python/torch_pets.py} times the same action in PyTorch.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar:benchmarks/target/lib/*
 * org.mbrl4j.benchmarks.planners.CemActionBenchmark [repeats]}.
 */
public final class CemActionBenchmark {

    private CemActionBenchmark() {}

    /**
     * @param args optional number of timed repeats (default 5; 2 warm-up runs precede them)
     */
    public static void main(String[] args) {
        CpuThreads.configureDefaults(); // the command line's thread policy, which these numbers describe
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        PetsConfig cfg = PetsConfig.cartpoleContinuous();
        EnvSpec spec = Envs.spec(cfg.envId());
        GaussianEnsembleConfig mc = cfg.model();
        GaussianEnsemble model = new GaussianEnsemble(4, 1, mc, RandomStreams.of(0));
        ModelEnv env = new ModelEnv(model, spec.rewardFunction(), TerminationFunction.NEVER, cfg.propagation(),
                cfg.particles(), RandomStreams.of(1));
        CemConfig cem = (CemConfig) cfg.optimizer();
        // epsilon 0: all 5 iterations run, as in torch_pets.py
        CemConfig fixed = new CemConfig(cem.iterations(), cem.populationSize(), cem.eliteRatio(), cem.alpha(), 0);
        MpcAgent agent = new MpcAgent(fixed.create(ActionBounds.uniform(1, -1, 1), cfg.horizon(),
                RandomStreams.of(2)), env::objective, 1);
        INDArray obs = Nd4j.zeros(DataType.FLOAT, 4);
        int[] dims = layerSizes(mc);
        double fwd = 0;
        for (int i = 0; i + 1 < dims.length; i++) {
            fwd += 2.0 * dims[i] * dims[i + 1];
        }
        double flops = (double) cem.iterations() * cem.populationSize() * cfg.particles() * cfg.horizon() * fwd;
        double[] ms = ActionTimes.measure(agent, obs, repeats);
        double median = ms[repeats / 2];
        System.out.printf("CEM action (PETS cartpole preset): median %.1f ms (min %.1f, max %.1f) over %d; "
                + "%.1f GFLOP per action, %.1f GFLOP/s%n", median, ms[0], ms[repeats - 1], repeats, flops / 1e9,
                flops / median / 1e6);
    }

    /**
     * @param mc the cart-pole preset's ensemble
     * @return the sizes of its layers: inputs (obs 4 + action 1), the hidden widths, and the Gaussian head
     *         (2 x 4)
     */
    static int[] layerSizes(GaussianEnsembleConfig mc) {
        int[] dims = new int[mc.hiddenLayers() + 2];
        dims[0] = 5;
        Arrays.fill(dims, 1, dims.length - 1, mc.hiddenSize());
        dims[dims.length - 1] = 2 * 4;
        return dims;
    }
}
