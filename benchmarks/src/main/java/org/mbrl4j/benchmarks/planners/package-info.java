/**
 * Whole-operation benchmarks of planning: one CEM action selection of the PETS cart-pole preset
 * ({@link org.mbrl4j.benchmarks.planners.CemActionBenchmark}), one gradient-MPC action
 * ({@link org.mbrl4j.benchmarks.planners.GradientActionBenchmark}), and the kernel floor of those workloads
 * ({@link org.mbrl4j.benchmarks.planners.CemKernelFloor}).
 */
package org.mbrl4j.benchmarks.planners;
