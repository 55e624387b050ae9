package org.mbrl4j.tensor.nn;

import java.util.Arrays;
import java.util.Objects;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A named trainable array and its gradient buffer, of the same shape and data type.
 *
 * <p>The value is updated in place by optimisers and read in place by the layer that owns it; the
 * gradient is overwritten by that layer's {@code backward}. Both arrays are dense c-order and live as long
 * as the parameter.
 */
public final class Parameter {

    private final String name;
    private final INDArray value;
    private final INDArray grad;
    /** {@link #grad} as one row {@code [1, n]}, made on first use by {@link #gradRow}. */
    private INDArray gradRow;
    /** Whether {@link #zeroGrad} was called since the gradient was last written: its entries then read as 0. */
    private boolean gradCleared;

    /**
     * @param name  a name unique within its model, used as the checkpoint key (e.g. {@code "layer0.weight"})
     * @param value the initial value; the parameter takes a dense c-order copy
     * @throws IllegalArgumentException if an argument is null, the name is empty or the array is not
     *                                  floating point
     */
    public Parameter(String name, INDArray value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name must be a non-empty string: " + name);
        }
        Objects.requireNonNull(value, "value");
        if (!value.dataType().isFPType()) {
            throw new IllegalArgumentException("parameter '" + name + "' has data type " + value.dataType()
                    + "; expected FLOAT or DOUBLE");
        }
        this.name = name;
        this.value = value.dup('c');
        this.grad = Nd4j.zeros(value.dataType(), value.shape());
    }

    /** @return the parameter's name */
    public String name() {
        return name;
    }

    /** @return the value, the live array (not a copy) */
    public INDArray value() {
        return value;
    }

    /**
     * @return the gradient accumulated since the last {@link #zeroGrad}, the live array (not a copy); the same
     *         shape as the value
     */
    public INDArray grad() {
        if (gradCleared) {
            gradCleared = false;
            if (HostArrays.denseFloat(grad)) {
                HostArrays.fill(grad, 0f);
            } else {
                grad.assign(0);
            }
        }
        return grad;
    }

    /**
     * The gradient as one row, for a bias whose gradient is a product ({@code ones [1, B] x dZ [B, n]}). The view
     * is made once: an ND4J view costs as much as a small product (10-25 us), once per layer and step.
     *
     * @return {@link #grad()} viewed as {@code [1, n]} for a rank-1 parameter of {@code n} entries (the same
     *         memory, cleared first if {@link #zeroGrad} is pending, as {@link #grad()} is)
     * @throws IllegalStateException if the parameter is not rank 1
     */
    public INDArray gradRow() {
        if (value.rank() != 1) {
            throw new IllegalStateException("gradRow: parameter '" + name + "' has shape "
                    + Arrays.toString(value.shape()) + "; expected rank 1");
        }
        INDArray g = grad();
        if (gradRow == null) {
            gradRow = g.reshape('c', 1, g.length());
        }
        return gradRow;
    }

    /**
     * Sets the gradient to zero. The array is cleared when it is next read through {@link #grad}, or not at all
     * when a backward pass writes it whole first ({@link #claimClearedGrad}), as a product with {@code beta = 0}
     * does: a training step then spends no pass over memory on zeroing.
     */
    public void zeroGrad() {
        gradCleared = true;
    }

    /**
     * For a backward pass that writes every entry of the gradient: if the gradient is zero since {@link
     * #zeroGrad} and not yet cleared, marks it as written and returns the array, which the caller must then
     * overwrite whole (its old entries are stale); otherwise returns null, and the caller adds to {@link #grad}.
     *
     * @return the gradient array to overwrite, or null
     */
    public INDArray claimClearedGrad() {
        if (!gradCleared) {
            return null;
        }
        gradCleared = false;
        return grad;
    }

    /** @return the number of scalars in the parameter */
    public long size() {
        return value.length();
    }

    /**
     * Copies {@code source} into the value.
     *
     * @param source an array of the same shape
     * @throws IllegalArgumentException if the shapes differ
     */
    public void set(INDArray source) {
        if (!Arrays.equals(source.shape(), value.shape())) {
            throw new IllegalArgumentException("parameter '" + name + "': cannot set a value of shape "
                    + Arrays.toString(source.shape()) + "; expected " + Arrays.toString(value.shape()));
        }
        value.assign(source);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(value.shape());
    }
}
