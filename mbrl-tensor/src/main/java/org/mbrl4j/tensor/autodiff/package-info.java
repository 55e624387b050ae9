/**
 * Reverse-mode automatic differentiation on ND4J arrays: {@link org.mbrl4j.tensor.autodiff.Var} values,
 * the {@link org.mbrl4j.tensor.autodiff.Tape} that records ops while it is open, and the differentiable ops
 * ({@link org.mbrl4j.tensor.autodiff.Ops}, {@link org.mbrl4j.tensor.autodiff.NnOps}). Products run on
 * {@link org.mbrl4j.tensor.Gemm}'s direct OpenBLAS path and activations on the fused SIMD kernels of
 * {@link org.mbrl4j.tensor.Activations}; every op also runs in float64, which the finite-difference tests use.
 *
 * <p>On top of the ops: the training losses ({@link org.mbrl4j.tensor.autodiff.Losses}, per element),
 * two-hot regression ({@link org.mbrl4j.tensor.autodiff.TwoHot}, DreamerV3's and TD-MPC2's bins) and the
 * distributions of world models and policies ({@link org.mbrl4j.tensor.autodiff.Categorical} with unimix and
 * straight-through samples, {@link org.mbrl4j.tensor.autodiff.Normal},
 * {@link org.mbrl4j.tensor.autodiff.TanhNormal}); their randomness comes from a generator the caller passes.
 */
package org.mbrl4j.tensor.autodiff;
