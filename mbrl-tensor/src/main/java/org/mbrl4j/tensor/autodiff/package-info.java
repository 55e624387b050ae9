/**
 * Reverse-mode automatic differentiation on ND4J arrays: {@link org.mbrl4j.tensor.autodiff.Var} values,
 * the {@link org.mbrl4j.tensor.autodiff.Tape} that records ops while it is open, and the differentiable ops
 * ({@link org.mbrl4j.tensor.autodiff.Ops}, {@link org.mbrl4j.tensor.autodiff.NnOps}). Products run on
 * {@link org.mbrl4j.tensor.Gemm}'s direct OpenBLAS path and activations on the fused SIMD kernels of
 * {@link org.mbrl4j.tensor.Activations}; every op also runs in float64, which the finite-difference tests use.
 */
package org.mbrl4j.tensor.autodiff;
