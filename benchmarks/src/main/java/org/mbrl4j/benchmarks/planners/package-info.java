/**
 * Whole-operation benchmarks of planning: one CEM action selection of the PETS cart-pole preset
 * ({@link org.mbrl4j.benchmarks.planners.CemActionBenchmark}), one gradient-MPC action
 * ({@link org.mbrl4j.benchmarks.planners.GradientActionBenchmark}) and the kernel floor of those workloads
 * ({@link org.mbrl4j.benchmarks.planners.CemKernelFloor}); the search throughput of MuZero's tree search
 * ({@link org.mbrl4j.benchmarks.planners.MctsSearchRun}).
 */
package org.mbrl4j.benchmarks.planners;
