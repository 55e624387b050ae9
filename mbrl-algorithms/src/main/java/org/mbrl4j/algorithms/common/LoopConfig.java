package org.mbrl4j.algorithms.common;

/**
 * Settings of {@link OffPolicyLoop}: how long to interact and when to evaluate.
 *
 * @param totalSteps        environment steps to take, {@code >= 1}
 * @param randomSteps       the first steps act uniformly at random (SAC's and TD3's warm-up), {@code >= 0}
 * @param evalEveryEpisodes evaluate the deterministic policy after every this many training episodes;
 *                          {@code 0} for never (the final evaluation still runs)
 * @param evalEpisodes      episodes per evaluation, {@code >= 1}
 */
public record LoopConfig(long totalSteps, int randomSteps, int evalEveryEpisodes, int evalEpisodes) {

    /** Validates every field; the message names the bad one. */
    public LoopConfig {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be >= 1: " + totalSteps);
        }
        if (randomSteps < 0) {
            throw new IllegalArgumentException("randomSteps must be >= 0: " + randomSteps);
        }
        if (evalEveryEpisodes < 0) {
            throw new IllegalArgumentException("evalEveryEpisodes must be >= 0: " + evalEveryEpisodes);
        }
        if (evalEpisodes < 1) {
            throw new IllegalArgumentException("evalEpisodes must be >= 1: " + evalEpisodes);
        }
    }

    /**
     * The command line's defaults for a run of {@code totalSteps}: 1,000 random steps, an evaluation of 5
     * episodes after every 5 training episodes.
     *
     * @param totalSteps environment steps to take, {@code >= 1}
     * @return the config
     * @throws IllegalArgumentException if {@code totalSteps < 1}
     */
    public static LoopConfig of(long totalSteps) {
        return new LoopConfig(totalSteps, 1000, 5, 5);
    }

    /** @return a builder holding this config's values, for named changes ({@link Builder#build()} validates) */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Named changes to a {@link LoopConfig}: start from a preset's {@link #toBuilder()}, set what differs, then
     * {@link #build()}. Field meanings, units and valid ranges as on {@link LoopConfig}.
     */
    public static final class Builder {
        private long totalSteps;
        private int randomSteps;
        private int evalEveryEpisodes;
        private int evalEpisodes;

        private Builder(LoopConfig c) {
            totalSteps = c.totalSteps;
            randomSteps = c.randomSteps;
            evalEveryEpisodes = c.evalEveryEpisodes;
            evalEpisodes = c.evalEpisodes;
        }

        /** @param value see {@link LoopConfig#totalSteps()} @return this builder */
        public Builder totalSteps(long value) {
            totalSteps = value;
            return this;
        }

        /** @param value see {@link LoopConfig#randomSteps()} @return this builder */
        public Builder randomSteps(int value) {
            randomSteps = value;
            return this;
        }

        /** @param value see {@link LoopConfig#evalEveryEpisodes()} @return this builder */
        public Builder evalEveryEpisodes(int value) {
            evalEveryEpisodes = value;
            return this;
        }

        /** @param value see {@link LoopConfig#evalEpisodes()} @return this builder */
        public Builder evalEpisodes(int value) {
            evalEpisodes = value;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalArgumentException if a value is out of range (the message names the field)
         */
        public LoopConfig build() {
            return new LoopConfig(totalSteps, randomSteps, evalEveryEpisodes, evalEpisodes);
        }
    }
}
