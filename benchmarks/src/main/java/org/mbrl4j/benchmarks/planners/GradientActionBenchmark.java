package org.mbrl4j.benchmarks.planners;

import org.mbrl4j.algorithms.pets.PetsConfig;
import org.mbrl4j.algorithms.pets.PetsOptimizer;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.models.dynamics.GaussianEnsemble;
import org.mbrl4j.planners.ActionBounds;
import org.mbrl4j.planners.ModelEnv;
import org.mbrl4j.planners.MpcAgent;
import org.mbrl4j.planners.OptimizerConfig;
import org.mbrl4j.tensor.CpuThreads;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times one gradient-MPC action selection ({@code MpcAgent.act}) as {@code mbrl4j pets --optimizer gradient}
 * plans on CartPoleContinuous-v0 with the reduced budget: {@code PetsConfig.cartpoleContinuous().reduced()
 * .withOptimizer(PetsOptimizer.GRADIENT)} (4 members of 3 x 128 SiLU, all elite; Adam on the action
 * sequences through the ensemble mean, EXPECTATION propagation). Untrained weights: the timing does not
 * depend on them.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar:benchmarks/target/lib/*
 * org.mbrl4j.benchmarks.planners.GradientActionBenchmark [repeats]}.
 */
public final class GradientActionBenchmark {

    private GradientActionBenchmark() {}

    /**
     * @param args optional number of timed repeats (default 5; 2 warm-up runs precede them)
     */
    public static void main(String[] args) {
        CpuThreads.configureDefaults(); // the command line's thread policy, which these numbers describe
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        PetsConfig cfg = PetsConfig.cartpoleContinuous().reduced().withOptimizer(PetsOptimizer.GRADIENT);
        EnvSpec spec = Envs.spec(cfg.envId());
        GaussianEnsemble model = new GaussianEnsemble(4, 1, cfg.model(), RandomStreams.of(0));
        ModelEnv env = new ModelEnv(model, spec.rewardFunction(), TerminationFunction.NEVER, cfg.propagation(),
                cfg.particles(), RandomStreams.of(1));
        OptimizerConfig opt = cfg.optimizer();
        MpcAgent agent = new MpcAgent(opt.create(ActionBounds.uniform(1, -1, 1), cfg.horizon(), RandomStreams.of(2)),
                env::objective, 1);
        INDArray obs = Nd4j.zeros(DataType.FLOAT, 4);
        double[] ms = ActionTimes.measure(agent, obs, repeats);
        System.out.printf("gradient-MPC action (PETS cartpole, reduced budget: %s): median %.1f ms (min %.1f, max %.1f)"
                + " over %d%n", opt, ms[repeats / 2], ms[0], ms[repeats - 1], repeats);
    }
}
