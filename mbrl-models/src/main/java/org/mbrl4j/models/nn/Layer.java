package org.mbrl4j.models.nn;

import java.util.List;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable block with a hand-written backward pass.
 *
 * <p>Contract: {@link #forward} computes the output and caches what {@link #backward} needs; one
 * {@code backward} call then refers to the most recent {@code forward}. {@code backward} overwrites (does
 * not accumulate) the gradients of {@link #parameters()} and returns the gradient with respect to the
 * input. The input passed to {@code forward} must stay unchanged until the {@code backward} call. Not
 * thread-safe: a layer holds the caches of one pass at a time.
 */
public interface Layer {

    /**
     * @param input the input, {@code [B, in]} for plain layers or {@code [E, B, in]} for ensemble layers
     * @return the output; it may be a buffer owned by the layer and reused (overwritten) by the next
     *         {@code forward} call with the same batch size, so copy it to keep it longer
     * @throws IllegalArgumentException if the input has the wrong rank, size or data type
     */
    INDArray forward(INDArray input);

    /**
     * @param gradOutput gradient of the loss with respect to the last output, same shape as that output
     * @return gradient with respect to the last input, of the input's shape; like the output it may be a
     *         buffer reused by the next {@code backward} call
     * @throws IllegalStateException    if there was no forward pass
     * @throws IllegalArgumentException if the gradient has the wrong shape
     */
    INDArray backward(INDArray gradOutput);

    /**
     * The forward pass of an ensemble layer restricted to some of its members, each on its own rows: for
     * ensemble layers the input is {@code [K, B, in]} and row block {@code i} goes through member
     * {@code members[i]}. Layers whose computation does not depend on the member (activations, plain layers
     * applied row by row) ignore {@code members}; that is this default, {@link #forward}.
     *
     * @param input   the input, with {@code K = members.length} blocks in dimension 0 for ensemble layers
     * @param members member indices, or null for all members (then this is {@link #forward})
     * @return the output, as {@link #forward}'s
     * @throws IllegalArgumentException if the input has the wrong shape or an index is out of range
     */
    default INDArray forwardMembers(INDArray input, int[] members) {
        return forward(input);
    }

    /**
     * The forward pass for prediction alone, as under PyTorch's {@code no_grad}: the output of {@link #forward},
     * bit for bit, without keeping what {@link #backward} needs, so that layers can write fewer arrays (a dense
     * layer applies its bias and activation in place instead of keeping the pre-activation). Do not call
     * {@code backward} or {@code backwardInput} after it: the layers that keep nothing refuse them
     * ({@link IllegalStateException}) until the next {@code forward}. This default is {@link #forward}.
     *
     * @param input as for {@link #forward}
     * @return as {@link #forward}'s (a buffer of the layer, overwritten by its next pass)
     * @throws IllegalArgumentException if the input has the wrong rank, size or data type
     */
    default INDArray infer(INDArray input) {
        return forward(input);
    }

    /**
     * {@link #forwardMembers} for prediction alone, as {@link #infer} is to {@link #forward}. This default is
     * {@link #forwardMembers}.
     *
     * @param input   as for {@link #forwardMembers}
     * @param members as for {@link #forwardMembers}
     * @return as {@link #forwardMembers}'s
     * @throws IllegalArgumentException if the input has the wrong shape or an index is out of range
     */
    default INDArray inferMembers(INDArray input, int[] members) {
        return forwardMembers(input, members);
    }

    /**
     * The input gradient alone, as {@link #backward} returns it, for callers that differentiate with respect
     * to the input and not the parameters (gradient-based planning through a learned model). Layers with
     * parameters override it to skip the parameter-gradient products; afterwards their parameter
     * gradients are unspecified (the default implementation is {@code backward}, which overwrites them).
     *
     * @param gradOutput gradient of the objective with respect to the last output, same shape as that output
     * @return gradient with respect to the last input, as {@link #backward}'s
     * @throws IllegalStateException    if there was no forward pass
     * @throws IllegalArgumentException if the gradient has the wrong shape
     */
    default INDArray backwardInput(INDArray gradOutput) {
        return backward(gradOutput);
    }

    /** @return the trainable parameters in a fixed order (empty for parameter-free layers) */
    List<Parameter> parameters();
}
