/**
 * Speed of the dynamics models of {@code mbrl-models}: one training epoch of the PETS ensemble and one
 * ensemble forward pass over a CEM population, side by side with the same workloads in PyTorch
 * ({@code benchmarks/python/torch_pets.py}).
 */
package org.mbrl4j.benchmarks.models;
