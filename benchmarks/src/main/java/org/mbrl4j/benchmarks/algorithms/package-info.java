/**
 * Speed of whole algorithm steps: TD-MPC2's training update and planning step ({@link
 * org.mbrl4j.benchmarks.algorithms.TdmpcStepRun}), side by side with the same model and planner in PyTorch
 * ({@code benchmarks/python/torch_tdmpc.py}).
 */
package org.mbrl4j.benchmarks.algorithms;
