package org.mbrl4j.benchmarks.tape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mbrl4j.models.nn.Adam;
import org.mbrl4j.models.nn.AdamConfig;
import org.mbrl4j.models.nn.Gradients;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.tensor.autodiff.Categorical;
import org.mbrl4j.tensor.autodiff.Losses;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.Dense;
import org.mbrl4j.tensor.nn.DenseStack;
import org.mbrl4j.tensor.nn.GruCell;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Whole training steps of a DreamerV3-style RSSM world model written on the tape, the same model as
 * {@code benchmarks/python/torch_tape_bench.py --case rssm}: encoder {@code symlog(obs) -> [Linear (no bias),
 * LayerNorm 1e-3, SiLU] x 2}; per step {@code img_in} (same block) on the previous posterior sample and the
 * action, DreamerV3's LayerNorm GRU, prior and posterior heads (block + Linear) giving 32 x 16 categorical
 * logits with 1% unimix, a straight-through posterior sample; decoder {@code [deter, stoch] -> block x 2 ->
 * Linear}, MSE against {@code symlog(obs)}; KL balance 0.5 / 0.1 with free bits 1 (KL summed over the 32
 * variables); global-norm clip 1000; Adam lr 1e-4.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     org.mbrl4j.benchmarks.tape.RssmStepRun [--size bench|tiny] [--steps N] [--rounds R] [--warmup-s S]
 *     [--report-every K]
 * </pre>
 * {@code --size bench} (default): batch 16 x 64 steps, deter 512, hidden 512, 32 x 16 latents, observation
 * 10, action 2; prints the median milliseconds per step over {@code --rounds} timed steps after untimed
 * warm-up steps for {@code --warmup-s} seconds (default 20: the tape's code needs that long to be compiled by
 * C2, as JMH's warm-up iterations allow for in the MLP benchmark). {@code --size tiny}: batch 8 x 12 steps, deter 32, hidden 32, 4 x 4 latents, observation 3, action 1
 * (the unit test's model); with {@code --steps N --report-every K} it prints the live heap after a full GC
 * and the process's resident set size every K steps, to show that memory stays flat.
 */
public final class RssmStepRun {

    private final int batch;
    private final int steps;
    private final int obsDim;
    private final int actDim;
    private final int deter;
    private final int stoch;
    private final int classes;
    private final DenseStack encoder;
    private final Dense imgIn;
    private final GruCell gru;
    private final DenseStack prior;
    private final DenseStack posterior;
    private final DenseStack decoder;
    private final List<Parameter> params = new ArrayList<>();
    private final Adam adam;

    RssmStepRun(int batch, int steps, int obsDim, int actDim, int deter, int hidden, int stoch, int classes,
            long seed) {
        this.batch = batch;
        this.steps = steps;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.deter = deter;
        this.stoch = stoch;
        this.classes = classes;
        SplittableRandom init = new SplittableRandom(seed);
        int flat = stoch * classes;
        encoder = block("enc", obsDim, hidden, hidden, 1, Activation.SILU).build(init);
        imgIn = Dense.builder("img_in", flat + actDim, hidden).optBias(false).optNorm(1e-3)
                .optActivation(Activation.SILU).build(init);
        gru = new GruCell("gru", hidden, deter, DataType.FLOAT, init);
        prior = block("prior", deter, flat, hidden, 1, Activation.IDENTITY).build(init);
        posterior = block("post", deter + hidden, flat, hidden, 1, Activation.IDENTITY).build(init);
        decoder = block("dec", deter + flat, obsDim, hidden, 2, Activation.IDENTITY).build(init);
        params.addAll(encoder.parameters());
        params.addAll(imgIn.parameters());
        params.addAll(gru.parameters());
        params.addAll(prior.parameters());
        params.addAll(posterior.parameters());
        params.addAll(decoder.parameters());
        adam = new Adam(params, AdamConfig.adam(1e-4, 0));
    }

    /** Hidden blocks Linear (no bias) + LayerNorm + SiLU; the output layer plain (bias) or a block. */
    private static DenseStack.Builder block(String name, int in, int out, int hidden, int count, Activation outAct) {
        DenseStack.Builder b = DenseStack.builder(name, in, out).hidden(hidden, count).norm(1e-3);
        return outAct == Activation.IDENTITY ? b : b.outputActivation(outAct);
    }

    long parameterCount() {
        long n = 0;
        for (Parameter p : params) {
            n += p.value().length();
        }
        return n;
    }

    /**
     * One training step.
     *
     * @param obs     {@code [T, B, obs]}
     * @param actions {@code [T, B, act]}
     * @param rng     the generator of the latent samples
     * @return the loss
     */
    double step(INDArray obs, INDArray actions, SplittableRandom rng) {
        double value;
        try (Tape tape = Tape.open()) {
            Var target = Ops.symlog(Var.constant(obs));
            Var embed = encoder.forward(target);
            Var h = Var.constant(Nd4j.zeros(DataType.FLOAT, batch, deter));
            Var z = Var.constant(Nd4j.zeros(DataType.FLOAT, batch, stoch * classes));
            List<Var> features = new ArrayList<>();
            Var kl = null;
            for (int t = 0; t < steps; t++) {
                Var a = Var.constant(actions.get(NDArrayIndex.point(t)).dup());
                h = gru.step(imgIn.forward(Ops.concat(-1, z, a)), h);
                Var priorLogits = prior.forward(h).reshape(batch, stoch, classes);
                Var e = embed.slice(0, t, t + 1).reshape(batch, embed.size(-1));
                Var postLogits = posterior.forward(Ops.concat(-1, h, e)).reshape(batch, stoch, classes);
                Categorical post = Categorical.ofLogits(postLogits);
                Categorical pri = Categorical.ofLogits(priorLogits);
                z = post.sample(rng).reshape(batch, stoch * classes);
                features.add(Ops.concat(-1, h, z));
                Var dyn = Losses.freeBits(Categorical.ofLogits(postLogits.detach()).kl(pri).sum(false, -1), 1.0);
                Var rep = Losses.freeBits(post.kl(Categorical.ofLogits(priorLogits.detach())).sum(false, -1), 1.0);
                Var term = dyn.mul(0.5).add(rep.mul(0.1)).sum();
                kl = kl == null ? term : kl.add(term);
            }
            Var feat = Ops.concat(0, features.toArray(new Var[0])); // [T * B, deter + flat]
            Var recon = decoder.forward(feat);
            Var rec = Losses.mse(recon, target.reshape(steps * batch, obsDim)).mean();
            Var loss = rec.add(kl.mul(1.0 / (steps * batch)));
            value = loss.item();
            tape.backward(loss);
        }
        Gradients.clipGlobalNorm(params, 1000);
        adam.step();
        Gradients.zero(params);
        return value;
    }

    /**
     * @param args see the class comment
     * @throws IOException if /proc cannot be read
     */
    public static void main(String[] args) throws IOException {
        CpuThreads.configureDefaults(); // the command line's thread policy, which these numbers describe
        String size = "bench";
        int totalSteps = 0;
        int rounds = 5;
        int reportEvery = 1000;
        double warmupSeconds = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size": size = args[++i]; break;
                case "--steps": totalSteps = Integer.parseInt(args[++i]); break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--report-every": reportEvery = Integer.parseInt(args[++i]); break;
                case "--warmup-s": warmupSeconds = Double.parseDouble(args[++i]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        RssmStepRun run = size.equals("tiny") ? new RssmStepRun(8, 12, 3, 1, 32, 32, 4, 4, 11)
                : new RssmStepRun(16, 64, 10, 2, 512, 512, 32, 16, 0);
        SplittableRandom data = new SplittableRandom(1);
        INDArray obs = Nd4j.zeros(DataType.FLOAT, run.steps, run.batch, run.obsDim);
        INDArray act = Nd4j.zeros(DataType.FLOAT, run.steps, run.batch, run.actDim);
        for (long i = 0; i < obs.length(); i++) {
            obs.putScalar(i, 3 * data.nextGaussian());
        }
        for (long i = 0; i < act.length(); i++) {
            act.putScalar(i, data.nextDouble(-1, 1));
        }
        SplittableRandom rng = new SplittableRandom(2);
        System.out.printf(Locale.ROOT, "size %s, %d parameters%n", size, run.parameterCount());
        if (totalSteps > 0) {
            long start = System.nanoTime();
            for (int s = 1; s <= totalSteps; s++) {
                double loss = run.step(obs, act, rng);
                if (s % reportEvery == 0 || s == 1) {
                    System.gc();
                    Runtime rt = Runtime.getRuntime();
                    System.out.printf(Locale.ROOT, "step %d loss %.4f heap %.1f MB rss %.1f MB (%.1f s)%n", s, loss,
                            (rt.totalMemory() - rt.freeMemory()) / 1e6, rssMb(), (System.nanoTime() - start) / 1e9);
                }
            }
            return;
        }
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int warmupSteps = 0;
        do {
            run.step(obs, act, rng);
            warmupSteps++;
        } while (System.nanoTime() < warmupEnd || warmupSteps < 2);
        double[] ms = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            run.step(obs, act, rng);
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "rssm step: median %.1f ms (rounds %s, after %d warm-up steps)%n",
                sorted[rounds / 2], Arrays.toString(ms), warmupSteps);
    }

    private static double rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1e3;
            }
        }
        return Double.NaN;
    }
}
