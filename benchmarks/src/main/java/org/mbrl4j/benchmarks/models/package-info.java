/**
 * The models of {@code mbrl-models}: the speed of one training epoch of the PETS ensemble and of one ensemble
 * forward pass over a CEM population, side by side with the same workloads in PyTorch
 * ({@code benchmarks/python/torch_pets.py}); and {@link org.mbrl4j.benchmarks.models.PixelBottleneckProbe}, how
 * many updates the information in Pendulum-v1's rendered frames takes to pass a latent like the RSSM's.
 */
package org.mbrl4j.benchmarks.models;
