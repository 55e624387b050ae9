package org.mbrl4j.core.spaces;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A set of valid observations or actions. Immutable; equality is by value.
 */
public sealed interface Space permits Box, Discrete {

    /** @return the shape of one element (empty for a scalar); a fresh copy */
    long[] shape();

    /** @return the data type that elements are produced in by {@link #sample} */
    DataType dtype();

    /** @return the number of floats one element takes when flattened (1 for {@code Discrete}) */
    int flatDim();

    /**
     * @param x a candidate element
     * @return whether {@code x} has the right shape and lies in the space (finite values within bounds,
     *     or an integer index in range)
     */
    boolean contains(INDArray x);

    /**
     * Draws a uniformly random element (for unbounded {@code Box} dimensions, as Gymnasium does: normal
     * where both sides are unbounded, shifted exponential where one side is).
     *
     * @param rng the generator to draw from; the space holds none of its own
     * @return a fresh array of shape {@link #shape()} and type {@link #dtype()}
     */
    INDArray sample(RandomGenerator rng);

    /**
     * Checks that {@code x} is acceptable as an argument taken from this space: the right shape, no NaN,
     * and for {@code Discrete} an integer in range. Unlike {@link #contains}, bounds of a {@code Box} are
     * not checked, because environments clip continuous actions the way Gymnasium does.
     *
     * @param argument the name to use in the message, e.g. {@code "action"}
     * @param x the value to check
     * @throws IllegalArgumentException naming the argument, the value and the expected space
     */
    void validate(String argument, INDArray x);
}
