package org.mbrl4j.benchmarks.algorithms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.mbrl4j.algorithms.common.ActionScaling;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.dreamer.Dreamer;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.envs.EnvOptions;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.envs.render.CartPoleRenderer;
import org.mbrl4j.models.latent.Imagination;
import org.mbrl4j.models.latent.Rssm;
import org.mbrl4j.models.latent.RssmState;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Does a trained Dreamer world model predict how the return depends on the action? From a run's checkpoint
 * ({@code mbrl4j dreamer --checkpoint-every}), for {@code --starts} start states (episode {@code i} reset with seed
 * {@code seed + i}, then {@code 10..--max-prefix} decisions of uniformly random actions), the model filters the
 * observed prefix with its posterior and imagines {@code --horizon} decisions under each constant action of
 * {@code --actions} (in the model's {@code [-1, 1]} encoding), {@code --samples} latent samples each; the
 * environment is replayed from the same seed and prefix and run under the same constant actions. Prints, per
 * start, the real and the predicted sums of rewards, then over the starts: the mean spread (largest minus smallest
 * sum over the actions) of each, the correlation of the predicted sums with the real ones over all (start, action)
 * pairs, the correlation of the sums centred per start (does the model rank the actions of a start as the
 * environment does) and the number of starts whose best action it picks. With {@code --fixed-view}, a cart-pole
 * task's pixels show the middle 4.8 m of the track ({@link CartPoleRenderer#swingUp}) instead of the registry's
 * view, for models trained on that view.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     org.mbrl4j.benchmarks.algorithms.DreamerActionProbe --run runs/NAME --env CartPoleSwingUp-v0
 *     [--pixels --image-size 32 [--fixed-view]] [--action-repeat 2] [--starts 40] [--horizon 15] [--samples 8]
 *     [--actions -1,0,1] [--max-prefix 30] [--seed 1000]
 * </pre>
 */
public final class DreamerActionProbe {

    /** Half the width of the {@code --fixed-view} picture, m (CartPole-v1's view). */
    private static final double FIXED_VIEW_HALF_WIDTH = 2.4;

    private DreamerActionProbe() {
    }

    /**
     * @param args see the class comment
     * @throws Exception if the checkpoint cannot be read
     */
    public static void main(String[] args) throws Exception {
        CpuThreads.configureDefaults();
        Path run = null;
        String envId = null;
        boolean pixels = false;
        boolean fixedView = false;
        int imageSize = 64;
        int repeat = 1;
        int starts = 40;
        int horizon = 15;
        int samples = 8;
        int maxPrefix = 30;
        long seed = 1000;
        double[] actions = {-1, 0, 1};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--run": run = Path.of(args[++i]); break;
                case "--env": envId = args[++i]; break;
                case "--pixels": pixels = true; break;
                case "--fixed-view": fixedView = true; break;
                case "--image-size": imageSize = Integer.parseInt(args[++i]); break;
                case "--action-repeat": repeat = Integer.parseInt(args[++i]); break;
                case "--starts": starts = Integer.parseInt(args[++i]); break;
                case "--horizon": horizon = Integer.parseInt(args[++i]); break;
                case "--samples": samples = Integer.parseInt(args[++i]); break;
                case "--max-prefix": maxPrefix = Integer.parseInt(args[++i]); break;
                case "--seed": seed = Long.parseLong(args[++i]); break;
                case "--actions": {
                    String[] p = args[++i].split(",");
                    actions = new double[p.length];
                    for (int k = 0; k < p.length; k++) {
                        actions[k] = Double.parseDouble(p[k]);
                    }
                    break;
                }
                default: throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (run == null || envId == null) {
            throw new IllegalArgumentException("--run and --env are required");
        }
        Checkpoint cp = OffPolicyRun.read(run.resolve("checkpoint.ckpt"));
        Dreamer dreamer = Dreamer.fromCheckpoint(cp, OffPolicyRun.LEARNER_PREFIX);
        dreamer.readState(cp, OffPolicyRun.LEARNER_PREFIX);
        Rssm model = dreamer.model();
        EnvOptions options = EnvOptions.DEFAULT.withActionRepeat(repeat);
        if (pixels) {
            options = options.withPixels(true).withSize(imageSize, imageSize);
        }
        EnvSpec spec = Envs.spec(envId);
        if (fixedView) {
            if (!(spec.renderer() instanceof CartPoleRenderer cart)) {
                throw new IllegalArgumentException("--fixed-view needs a cart-pole task: " + envId);
            }
            CartPoleRenderer fixed = CartPoleRenderer.swingUp(cart.poleHalfLength(), FIXED_VIEW_HALF_WIDTH);
            spec = new EnvSpec(spec.id(), spec.maxEpisodeSteps(), spec.factory(), spec.rewardFunction(),
                    spec.terminationFunction(), fixed, spec.description());
        }
        Box box = (Box) spec.make(options).actionSpace();
        double low = box.low()[0];
        double high = box.high()[0];
        ActionScaling scaling = ActionScaling.of(box); // the model's action encoding, as Dreamer's
        RandomGenerator rng = RandomStreams.of(seed).javaRandom();
        int n = actions.length;
        double[][] real = new double[starts][n];
        double[][] predicted = new double[starts][n];
        System.out.printf(Locale.ROOT, "%s, %d updates; %d starts, horizon %d, %d samples, actions %s%n", run,
                dreamer.updates(), starts, horizon, samples, Arrays.toString(actions));
        for (int s = 0; s < starts; s++) {
            SplittableRandom prefixRng = new SplittableRandom(seed + s);
            int prefix = 10 + prefixRng.nextInt(Math.max(1, maxPrefix - 9));
            List<double[]> taken = new ArrayList<>();
            Environment env = spec.make(options);
            List<INDArray> observations = new ArrayList<>();
            observations.add(env.reset(seed + s).observation());
            for (int t = 0; t < prefix; t++) {
                double[] a = {low + (high - low) * prefixRng.nextDouble()};
                taken.add(a);
                Step step = env.step(Nd4j.createFromArray(a));
                observations.add(step.observation());
                if (step.terminated() || step.truncated()) {
                    break;
                }
            }
            int t = observations.size();
            long[] obsShape = observations.get(0).shape();
            long[] seqShape = new long[obsShape.length + 2];
            seqShape[0] = 1;
            seqShape[1] = t;
            System.arraycopy(obsShape, 0, seqShape, 2, obsShape.length);
            INDArray obs = Nd4j.stack(0, observations.toArray(new INDArray[0])).reshape(seqShape).castTo(
                    DataType.FLOAT);
            INDArray prevActions = Nd4j.zeros(DataType.FLOAT, 1, t, 1);
            for (int k = 1; k < t; k++) {
                prevActions.putScalar(new long[] {0, k, 0}, scaling.toNormalized(taken.get(k - 1))[0]);
            }
            for (int k = 0; k < n; k++) {
                double envAction = scaling.toEnv(new double[] {actions[k]})[0];
                real[s][k] = realReturn(spec, options, seed + s, taken, envAction, horizon);
                predicted[s][k] = predictedReturn(model, obs, prevActions, actions[k], horizon, samples, rng);
            }
            System.out.printf(Locale.ROOT, "start %2d prefix %3d real %s predicted %s%n", s, t - 1, fmt(real[s]),
                    fmt(predicted[s]));
        }
        summarise(real, predicted);
    }

    private static double realReturn(EnvSpec spec, EnvOptions options, long seed, List<double[]> prefix,
            double action, int horizon) {
        Environment env = spec.make(options);
        env.reset(seed);
        for (double[] a : prefix) {
            env.step(Nd4j.createFromArray(a));
        }
        double sum = 0;
        for (int i = 0; i < horizon; i++) {
            Step step = env.step(Nd4j.createFromArray(new double[] {action}));
            sum += step.reward();
            if (step.terminated() || step.truncated()) {
                break;
            }
        }
        return sum;
    }

    private static double predictedReturn(Rssm model, INDArray obs, INDArray prevActions, double action,
            int horizon, int samples, RandomGenerator rng) {
        try (var ignored = Tape.pause()) {
            INDArray repObs = Nd4j.concat(0, Collections.nCopies(samples, obs).toArray(new INDArray[0]));
            INDArray repActs = Nd4j.concat(0, Collections.nCopies(samples, prevActions).toArray(new INDArray[0]));
            RssmState start = model.observe(null, repObs, repActs, rng).last();
            Var constant = Var.constant(Nd4j.valueArrayOf(new long[] {samples, 1}, (float) action));
            Imagination im = model.imagine(state -> constant, start, horizon, rng);
            double sum = 0;
            for (int i = 1; i <= horizon; i++) {
                sum += model.reward(im.states().get(i).features()).value().meanNumber().doubleValue();
            }
            return sum;
        }
    }

    private static void summarise(double[][] real, double[][] predicted) {
        int starts = real.length;
        int n = real[0].length;
        double realSpread = 0;
        double predSpread = 0;
        int bestAgrees = 0;
        double[] allReal = new double[starts * n];
        double[] allPred = new double[starts * n];
        double[] centredReal = new double[starts * n];
        double[] centredPred = new double[starts * n];
        for (int s = 0; s < starts; s++) {
            realSpread += spread(real[s]) / starts;
            predSpread += spread(predicted[s]) / starts;
            if (argmax(real[s]) == argmax(predicted[s])) {
                bestAgrees++;
            }
            double mr = mean(real[s]);
            double mp = mean(predicted[s]);
            for (int k = 0; k < n; k++) {
                allReal[s * n + k] = real[s][k];
                allPred[s * n + k] = predicted[s][k];
                centredReal[s * n + k] = real[s][k] - mr;
                centredPred[s * n + k] = predicted[s][k] - mp;
            }
        }
        System.out.printf(Locale.ROOT, "mean spread over the actions: real %.3f, predicted %.3f%n", realSpread,
                predSpread);
        System.out.printf(Locale.ROOT, "correlation of the sums: %.3f; of the sums centred per start: %.3f; "
                + "best action picked at %d of %d starts%n", correlation(allReal, allPred),
                correlation(centredReal, centredPred), bestAgrees, starts);
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%7.3f", v[i]));
        }
        return b.append(']').toString();
    }

    private static double spread(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return hi - lo;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double correlation(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }
}
