package org.mbrl4j.algorithms.dreamer;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.autodiff.Categorical;
import org.mbrl4j.tensor.autodiff.Normal;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.DenseStack;
import org.mbrl4j.tensor.nn.Module;
import org.mbrl4j.tensor.nn.Parameter;

/**
 * Dreamer's actor: an MLP (Linear, LayerNorm, SiLU layers) from the model's features to an action distribution.
 * Continuous actions (DreamerV3's bounded normal): {@code mean = tanh(m)},
 * {@code std = (maxStd - minStd) sigmoid(s + 2) + minStd}, samples reparameterised and clipped into
 * {@code [-1, 1]} (the gradient passes inside). Discrete actions: a categorical with a uniform mix, one-hot
 * samples with straight-through gradients.
 */
public final class DreamerActor implements Module {

    /**
     * One draw from the actor.
     *
     * @param action  {@code [N, actDim]}: the action fed to the dynamics ({@code [-1, 1]} box or one-hot), with the
     *                reparameterised (or straight-through) gradient
     * @param raw     {@code [N, actDim]}: the sample before clipping (equal to {@code action} for discrete actions),
     *                no gradient; what {@link #logProb} scores
     */
    public record Sample(Var action, Var raw) {
    }

    private final DenseStack net;
    private final int actDim;
    private final boolean discrete;
    private final double minStd;
    private final double maxStd;
    private final double unimix;

    /**
     * @param features the length of the input features
     * @param actDim   the action size (box dimensions or discrete classes)
     * @param discrete whether the actions are discrete
     * @param config   the settings (width, depth, std bounds, unimix)
     * @param rng      the generator of the initial weights
     */
    public DreamerActor(int features, int actDim, boolean discrete, DreamerConfig config, RandomGenerator rng) {
        Objects.requireNonNull(config, "config");
        this.actDim = actDim;
        this.discrete = discrete;
        this.minStd = config.actorMinStd();
        this.maxStd = config.actorMaxStd();
        this.unimix = config.actorUnimix();
        net = DenseStack.builder("actor", features, discrete ? actDim : 2L * actDim)
                .hidden(config.units(), config.layers()).norm(config.rssm().normEps())
                .dataType(config.rssm().dataType()).build(rng);
    }

    /**
     * @param features {@code [N, featureSize]}
     * @param rng      the generator of the draw
     * @return a sample, differentiable in the actor's parameters and the features
     */
    public Sample sample(Var features, RandomGenerator rng) {
        Var out = net.forward(features);
        if (discrete) {
            Var a = Categorical.ofLogits(out, unimix).sample(rng);
            return new Sample(a, a.detach());
        }
        Var raw = normal(out).rsample(rng);
        return new Sample(raw.clamp(-1, 1), raw.detach());
    }

    /**
     * @param features {@code [N, featureSize]}
     * @return {@code [N, actDim]}: the distribution's mode (the mean clipped to {@code [-1, 1]}, or the most likely
     *         class one-hot)
     */
    public Var mode(Var features) {
        Var out = net.forward(features);
        if (discrete) {
            return Categorical.ofLogits(out, unimix).mode();
        }
        return normal(out).mean();
    }

    /**
     * @param features {@code [N, featureSize]}
     * @param raw      {@code [N, actDim]}, samples ({@link Sample#raw()})
     * @return {@code [N]}: their log-probability, summed over the action dimensions
     */
    public Var logProb(Var features, Var raw) {
        Var out = net.forward(features);
        if (discrete) {
            return Categorical.ofLogits(out, unimix).logProb(raw);
        }
        return normal(out).logProb(raw).sum(false, -1);
    }

    /**
     * @param features {@code [N, featureSize]}
     * @return {@code [N]}: the entropy in nats (summed over action dimensions for boxes)
     */
    public Var entropy(Var features) {
        Var out = net.forward(features);
        if (discrete) {
            return Categorical.ofLogits(out, unimix).entropy();
        }
        return normal(out).entropy().sum(false, -1);
    }

    /** @return whether the actions are discrete */
    public boolean discrete() {
        return discrete;
    }

    /** @return the action size */
    public int actionSize() {
        return actDim;
    }

    private Normal normal(Var out) {
        List<Var> parts = Ops.split(out, -1, actDim, actDim);
        Var mean = parts.get(0).tanh();
        Var std = parts.get(1).add(2.0).sigmoid().mul(maxStd - minStd).add(minStd);
        return Normal.of(mean, std);
    }

    @Override
    public List<Parameter> parameters() {
        return net.parameters();
    }
}
