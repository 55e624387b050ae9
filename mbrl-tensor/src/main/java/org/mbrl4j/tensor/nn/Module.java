package org.mbrl4j.tensor.nn;

import java.util.List;

/**
 * A network (or part of one) whose forward pass is written with the tape's ops
 * ({@link org.mbrl4j.tensor.autodiff.Var}): calling it records on the open tape, so it can be called any
 * number of times in one differentiable program with shared weights (an RSSM unrolled over a sequence, a
 * latent rollout over a horizon). Its parameters are the library's {@link Parameter}s, trained by the same
 * optimisers and saved by the same checkpoint code as the hand-written layers.
 */
public interface Module {

    /**
     * @return the trainable parameters, in a fixed order (the order of checkpoints and optimiser state)
     */
    List<Parameter> parameters();
}
