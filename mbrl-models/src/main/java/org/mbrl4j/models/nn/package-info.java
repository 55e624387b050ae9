/**
 * Neural building blocks on ND4J with hand-written forward and backward passes over mbrl-tensor's fast
 * tensor path ({@link org.mbrl4j.tensor.Gemm}, {@link org.mbrl4j.tensor.Activations}).
 *
 * <p>Every block is a {@link org.mbrl4j.models.nn.Layer}: {@code forward} caches what its
 * {@code backward} needs, {@code backward} overwrites the gradients of the block's
 * {@link org.mbrl4j.tensor.nn.Parameter}s and returns the gradient with respect to its input. Blocks
 * compose with {@link org.mbrl4j.models.nn.Sequential}; {@link org.mbrl4j.models.nn.Mlp} builds the
 * usual stacks, plain ({@code [B, in]}) or ensembled ({@code [E, B, in]}, one batched GEMM per layer).
 * Parameters are float32 by default; every block also runs in float64 (through ND4J's own ops), which
 * the finite-difference tests use. Optimisers ({@link org.mbrl4j.models.nn.Adam}), initialisers
 * ({@link org.mbrl4j.tensor.nn.Initializers}) and checkpointing ({@link org.mbrl4j.models.nn.Parameters})
 * work on lists of parameters, so they serve any composition.
 */
package org.mbrl4j.models.nn;
