package org.mbrl4j.algorithms.dreamer;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.TwoHot;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.DenseStack;
import org.mbrl4j.tensor.nn.Initializers;
import org.mbrl4j.tensor.nn.Module;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DreamerV3's critic: an MLP from the model's features to two-hot logits over the 255 symexp bins
 * ({@link TwoHot#dreamerV3()}), the output layer zero-initialised, and a slow copy that follows it by an
 * exponential moving average ({@link #updateSlow}); the critic's loss pulls it towards the lambda-returns and,
 * as a regulariser, towards the slow copy's predictions.
 */
public final class DreamerCritic implements Module {

    private final DenseStack net;
    private final DenseStack slow;
    private final TwoHot twoHot = TwoHot.dreamerV3();

    /**
     * @param features the length of the input features
     * @param config   the settings (width, depth)
     * @param rng      the generator of the initial weights (the slow copy starts equal)
     */
    public DreamerCritic(int features, DreamerConfig config, RandomGenerator rng) {
        Objects.requireNonNull(config, "config");
        net = build(features, config, rng);
        slow = build(features, config, rng);
        for (int i = 0; i < net.parameters().size(); i++) {
            slow.parameters().get(i).set(net.parameters().get(i).value());
        }
    }

    private DenseStack build(int features, DreamerConfig config, RandomGenerator rng) {
        return DenseStack.builder("critic", features, twoHot.numBins()).hidden(config.units(), config.layers())
                .norm(config.rssm().normEps()).outputInit(Initializers.zeros()).dataType(config.rssm().dataType())
                .build(rng);
    }

    /**
     * @param features {@code [N, featureSize]}
     * @return {@code [N, 255]} two-hot logits
     */
    public Var logits(Var features) {
        return net.forward(features);
    }

    /**
     * @param features {@code [N, featureSize]}
     * @return {@code [N]}: the predicted value, differentiable in the features and the critic's weights
     */
    public Var value(Var features) {
        return twoHot.mean(net.forward(features));
    }

    /**
     * @param features {@code [N, featureSize]}
     * @return {@code [N]}: the slow copy's value (no gradient to the slow weights; call under
     *         {@link org.mbrl4j.tensor.autodiff.Tape#pause()} or on detached features)
     */
    public Var slowValue(Var features) {
        return twoHot.mean(slow.forward(features));
    }

    /** @return the two-hot codec of the values */
    public TwoHot twoHot() {
        return twoHot;
    }

    /**
     * Moves each slow weight towards the critic's: {@code slow += rate (online - slow)}.
     *
     * @param rate in {@code (0, 1]}
     */
    public void updateSlow(double rate) {
        List<Parameter> on = net.parameters();
        List<Parameter> sl = slow.parameters();
        for (int i = 0; i < on.size(); i++) {
            INDArray target = sl.get(i).value();
            HostArrays.lerp(target, on.get(i).value(), rate);
        }
    }

    /** @return the slow copy's parameters (not trained by the optimiser) */
    public List<Parameter> slowParameters() {
        return slow.parameters();
    }

    @Override
    public List<Parameter> parameters() {
        return net.parameters();
    }
}
