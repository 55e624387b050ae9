package org.mbrl4j.tensor.nn;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fills a weight matrix with initial values drawn from a passed generator. See {@link Initializers} for
 * the standard ones.
 */
@FunctionalInterface
public interface Initializer {

    /**
     * @param weight  the matrix to fill in place, {@code [fanIn, fanOut]}
     * @param fanIn   number of inputs of the layer
     * @param fanOut  number of outputs of the layer
     * @param rng     the generator of every random draw
     */
    void initialize(INDArray weight, long fanIn, long fanOut, RandomGenerator rng);
}
