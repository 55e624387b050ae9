package org.mbrl4j.planners;

/**
 * How {@link ModelEnv} propagates particles through an ensemble (Chua et al. 2018, PETS, Sec. 4.2;
 * mbrl-lib's {@code propagation_method}). Members are drawn from the model's elites.
 */
public enum Propagation {
    /** Every particle samples from a member drawn anew at every step (mbrl-lib's {@code random_model}). */
    TS1,
    /** Every particle keeps one member for the whole horizon (mbrl-lib's {@code fixed_model}). */
    TS_INF,
    /**
     * Distribution sampling: particles are sampled as in TS1, then replaced by draws from the Gaussian with
     * their mean and (diagonal) variance, per action sequence, at every step.
     */
    DS,
    /** One particle that follows the mean of the elite members' mean predictions (mbrl-lib's {@code expectation}). */
    EXPECTATION
}
