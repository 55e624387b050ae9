/**
 * Speed of the dynamics models of {@code mbrl-models}: one training epoch of the PETS ensemble and one
 * ensemble forward pass over a CEM population, side by side with the PyTorch reference
 * ({@code shared/peers/torch_pets_bench.py}, its {@code cartpole_yaml} case).
 */
package org.mbrl4j.benchmarks.models;
