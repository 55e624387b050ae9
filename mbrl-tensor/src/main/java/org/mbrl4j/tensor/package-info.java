/**
 * Fast tensor kernels on ND4J arrays: {@link org.mbrl4j.tensor.Gemm} (float32 matrix products and
 * batched ensemble products that call the bundled OpenBLAS directly on CPU array buffers and fall back to
 * ND4J otherwise), {@link org.mbrl4j.tensor.Activations} (fused bias plus activation and the
 * activation derivatives for backward passes) and {@link org.mbrl4j.tensor.CpuThreads} (the thread policy,
 * applied only when the application asks). docs/performance.md explains the design and the measurements behind it.
 */
package org.mbrl4j.tensor;
