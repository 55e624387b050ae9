package org.mbrl4j.benchmarks.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mbrl4j.core.Environment;
import org.mbrl4j.envs.EnvOptions;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.models.latent.LatentDistribution;
import org.mbrl4j.models.latent.RssmConfig;
import org.mbrl4j.models.nn.Adam;
import org.mbrl4j.models.nn.AdamConfig;
import org.mbrl4j.models.nn.Gradients;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.tensor.autodiff.Categorical;
import org.mbrl4j.tensor.autodiff.Losses;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.ConvDecoder;
import org.mbrl4j.tensor.nn.ConvEncoder;
import org.mbrl4j.tensor.nn.Dense;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How fast the image information passes a latent bottleneck of the kind the RSSM's posterior is: an autoencoder
 * on Pendulum-v1's rendered frames, with Dreamer's conv encoder and decoder ({@link ConvEncoder},
 * {@link ConvDecoder}, channel LayerNorm 1e-3, SiLU, stride-2 stages down to 4x4) and between them a dense layer
 * of 64 units (LayerNorm, SiLU), a dense layer to the latent's statistics, and one of
 * <ul>
 *   <li>{@code sample}: a straight-through one-hot sample of {@code --stoch} categoricals of {@code --classes}
 *       classes with 1 % unimix (the RSSM's latent; {@code --classes 0}: a Gaussian with std softplus + 0.1,
 *       reparameterised);</li>
 *   <li>{@code probs}: the categoricals' probabilities themselves (no sampling);</li>
 *   <li>{@code dense}: the 64 units straight into the decoder (a plain autoencoder).</li>
 * </ul>
 * The frames: 10 episodes of 100 decisions from seeds 0-9, each decision a uniform action in [-2, 2] held for 2
 * environment steps (action repeat 2), 1,010 frames of {@code [3, S, S]} in [0, 1]. Each update trains on 64
 * frames drawn uniformly with Adam (clip 1000) on the squared error summed over the image (DreamerV3's image
 * loss). Prints the error of the frames' mean image (what a decoder that ignores its input reaches) and the mean
 * training error of every 100 updates.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     org.mbrl4j.benchmarks.models.PixelBottleneckProbe [--bottleneck sample|probs|dense] [--stoch 16]
 *     [--classes 16] [--depth 32] [--image-size 32] [--lr 3e-4] [--updates 3000] [--seed 0]
 * </pre>
 */
public final class PixelBottleneckProbe {

    private static final int BATCH = 64;
    private static final int HIDDEN = 64;

    private PixelBottleneckProbe() {
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        CpuThreads.configureDefaults();
        String bottleneck = "sample";
        int stoch = 16;
        int classes = 16;
        int depth = 32;
        int size = 32;
        double lr = 3e-4;
        int updates = 3000;
        long seed = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bottleneck": bottleneck = args[++i]; break;
                case "--stoch": stoch = Integer.parseInt(args[++i]); break;
                case "--classes": classes = Integer.parseInt(args[++i]); break;
                case "--depth": depth = Integer.parseInt(args[++i]); break;
                case "--image-size": size = Integer.parseInt(args[++i]); break;
                case "--lr": lr = Double.parseDouble(args[++i]); break;
                case "--updates": updates = Integer.parseInt(args[++i]); break;
                case "--seed": seed = Long.parseLong(args[++i]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!List.of("sample", "probs", "dense").contains(bottleneck)) {
            throw new IllegalArgumentException("--bottleneck must be sample, probs or dense: " + bottleneck);
        }
        if ("probs".equals(bottleneck) && classes < 2) {
            throw new IllegalArgumentException("--bottleneck probs needs --classes >= 2: " + classes);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<INDArray> frames = frames(size, rng);
        System.out.printf(Locale.ROOT, "%d frames of [3, %d, %d]; squared error of their mean image %.3f%n",
                frames.size(), size, size, meanImageError(frames));

        int stages = Integer.numberOfTrailingZeros(size) - 2;
        ConvEncoder enc = ConvEncoder.builder("enc", 3, size).optDepth(depth).optStages(stages).optNorm(1e-3)
                .build(rng);
        Dense hidden = Dense.builder("hidden", enc.features(), HIDDEN).optNorm(1e-3).optActivation(Activation.SILU)
                .build(rng);
        LatentDistribution dist = LatentDistribution.of(RssmConfig.tiny().toBuilder().stoch(stoch).classes(classes)
                .build());
        Dense stats = Dense.builder("stats", HIDDEN, dist.statsSize()).build(rng);
        boolean dense = "dense".equals(bottleneck);
        ConvDecoder dec = ConvDecoder.builder("dec", dense ? HIDDEN : dist.sampleSize(), 3, size).optDepth(depth)
                .optStages(stages).optNorm(1e-3).build(rng);
        List<Parameter> params = new ArrayList<>(enc.parameters());
        params.addAll(hidden.parameters());
        if (!dense) {
            params.addAll(stats.parameters());
        }
        params.addAll(dec.parameters());
        Adam opt = new Adam(params, AdamConfig.adam(lr, 0).withMaxGradNorm(1000));
        System.out.printf(Locale.ROOT, "bottleneck %s (stoch %d, classes %d), depth %d, lr %s, batch %d%n",
                bottleneck, stoch, classes, depth, lr, BATCH);

        long start = System.nanoTime();
        double sum = 0;
        for (int u = 1; u <= updates; u++) {
            INDArray x = Nd4j.create(DataType.FLOAT, BATCH, 3, size, size);
            for (int i = 0; i < BATCH; i++) {
                x.putSlice(i, frames.get(rng.nextInt(frames.size())));
            }
            try (Tape tape = Tape.open()) {
                Var in = Var.constant(x.sub(0.5));
                Var h = hidden.forward(enc.forward(in));
                Var z;
                if (dense) {
                    z = h;
                } else if ("probs".equals(bottleneck)) {
                    z = Categorical.ofLogits(stats.forward(h).reshape(BATCH, stoch, classes), 0.01).probs()
                            .reshape(BATCH, dist.sampleSize());
                } else {
                    z = dist.sample(stats.forward(h), rng);
                }
                Var loss = Losses.mse(dec.forward(z), in).reshape(BATCH, 3L * size * size).sum(false, -1).mean();
                sum += loss.item();
                tape.backward(loss);
            }
            opt.step();
            Gradients.zero(params);
            if (u % 100 == 0) {
                System.out.printf(Locale.ROOT, "updates %5d  squared error %.3f  (%.0f s)%n", u, sum / 100,
                        (System.nanoTime() - start) / 1e9);
                sum = 0;
            }
        }
    }

    /** Pendulum-v1 frames: 10 episodes of 100 decisions, each a uniform action held for 2 steps. */
    private static List<INDArray> frames(int size, SplittableRandom rng) {
        Environment env = Envs.make("Pendulum-v1", EnvOptions.DEFAULT.withPixels(true).withSize(size, size));
        List<INDArray> frames = new ArrayList<>();
        for (int episode = 0; episode < 10; episode++) {
            frames.add(env.reset(episode).observation().dup());
            for (int t = 0; t < 100; t++) {
                INDArray action = Nd4j.createFromArray((float) rng.nextDouble(-2, 2));
                env.step(action);
                frames.add(env.step(action).observation().dup());
            }
        }
        return frames;
    }

    /** @return the mean over frames of the squared error of the frames' mean image, summed over the image */
    private static double meanImageError(List<INDArray> frames) {
        INDArray mean = Nd4j.zeros(DataType.DOUBLE, frames.get(0).shape());
        for (INDArray f : frames) {
            mean.addi(f.castTo(DataType.DOUBLE));
        }
        mean.divi(frames.size());
        double error = 0;
        for (INDArray f : frames) {
            double norm = f.castTo(DataType.DOUBLE).sub(mean).norm2Number().doubleValue();
            error += norm * norm;
        }
        return error / frames.size();
    }
}
