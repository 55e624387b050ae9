package org.mbrl4j.algorithms.common;

import java.util.List;
import java.util.random.RandomGenerator;
import org.mbrl4j.models.nn.Mlp;
import org.mbrl4j.models.nn.Sequential;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.nn.Initializers;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A state-action value function {@code Q(s, a)}: an MLP over the concatenation {@code [s, a]} with one
 * output, built from the shared {@link Mlp} blocks. Its backward pass returns the gradient with respect to
 * the action, which the actor losses of SAC and TD3 need.
 */
public final class QNetwork {

    private final int obsDim;
    private final int actDim;
    private final Sequential net;

    /**
     * @param name       prefix of the parameter names
     * @param obsDim     observation size
     * @param actDim     action size
     * @param hidden     width of the hidden layers
     * @param layers     number of hidden layers
     * @param dtype      FLOAT (training) or DOUBLE (gradient checks)
     * @param rng        generator of the initial weights
     */
    public QNetwork(String name, int obsDim, int actDim, int hidden, int layers, DataType dtype,
            RandomGenerator rng) {
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.net = Mlp.builder(obsDim + actDim, 1).hidden(hidden, layers).activation(Activation.RELU)
                .initializer(Initializers.xavierUniform()).dtype(dtype).name(name).build(rng);
    }

    /** @return the network, {@code [B, obsDim + actDim] -> [B, 1]} */
    public Sequential network() {
        return net;
    }

    /** @return the trainable parameters */
    public List<Parameter> parameters() {
        return net.parameters();
    }

    /**
     * @param obs     {@code [B, obsDim]}
     * @param actions {@code [B, actDim]}, normalised to {@code [-1, 1]}
     * @return {@code Q(s, a)} for every row, {@code [B]}; the pass is cached for {@link #backward}
     */
    public double[] forward(INDArray obs, INDArray actions) {
        return HostArrays.toDoubles(net.forward(inputs(obs, actions)));
    }

    /**
     * {@link #forward}'s values without the cache for {@link #backward} ({@link Sequential#infer}), for target
     * networks and evaluation.
     *
     * @param obs     {@code [B, obsDim]}
     * @param actions {@code [B, actDim]}, normalised to {@code [-1, 1]}
     * @return {@code Q(s, a)} for every row, {@code [B]}, equal to {@link #forward}'s
     */
    public double[] infer(INDArray obs, INDArray actions) {
        return HostArrays.toDoubles(net.infer(inputs(obs, actions)));
    }

    private INDArray inputs(INDArray obs, INDArray actions) {
        if (obs.rank() != 2 || obs.size(1) != obsDim || actions.rank() != 2 || actions.size(1) != actDim
                || obs.size(0) != actions.size(0)) {
            throw new IllegalArgumentException("Q network expects obs [B, " + obsDim + "] and actions [B, " + actDim
                    + "]; got " + java.util.Arrays.toString(obs.shape()) + " and "
                    + java.util.Arrays.toString(actions.shape()));
        }
        return Nd4j.hstack(obs, actions).castTo(net.parameters().get(0).value().dataType());
    }

    /**
     * Backpropagates {@code dL/dQ} through the last {@link #forward}; overwrites the parameter gradients.
     *
     * @param gradQ {@code dL/dQ} per row, {@code [B]}
     * @return {@code dL/da}, row-major {@code [B, actDim]}
     */
    public double[] backward(double[] gradQ) {
        DataType t = net.parameters().get(0).value().dataType();
        double[] gx = HostArrays.toDoubles(net.backward(HostArrays.array(gradQ, t, gradQ.length, 1)));
        int w = obsDim + actDim;
        double[] ga = new double[gradQ.length * actDim];
        for (int b = 0; b < gradQ.length; b++) {
            System.arraycopy(gx, b * w + obsDim, ga, b * actDim, actDim);
        }
        return ga;
    }
}
