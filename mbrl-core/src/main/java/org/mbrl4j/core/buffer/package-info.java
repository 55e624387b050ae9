/**
 * Replay buffers: {@link org.mbrl4j.core.buffer.ReplayBuffer} keeps the most recent transitions in a
 * fixed-capacity ring of flat float arrays and hands out fresh batch-first tensors: uniform minibatches
 * ({@link org.mbrl4j.core.buffer.Batch}, {@code [B, ...]}) for dynamics models and model-free learners,
 * windows of consecutive steps ({@link org.mbrl4j.core.buffer.SequenceBatch}, {@code [B, T, ...]}) for
 * latent world models, and everything in insertion order for full-dataset model training. Buffers save to
 * and load from checksummed {@link org.mbrl4j.core.io.Checkpoint}s.
 */
package org.mbrl4j.core.buffer;
