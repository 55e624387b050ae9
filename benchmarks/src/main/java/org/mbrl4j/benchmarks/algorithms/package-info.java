/**
 * Whole algorithm steps and runs: the speed of TD-MPC2's training update and planning step ({@link
 * org.mbrl4j.benchmarks.algorithms.TdmpcStepRun}), side by side with the same model and planner in PyTorch
 * ({@code benchmarks/python/torch_tdmpc.py}), and the memory of long SAC and PETS runs ({@link
 * org.mbrl4j.benchmarks.algorithms.MemoryRun}).
 */
package org.mbrl4j.benchmarks.algorithms;
