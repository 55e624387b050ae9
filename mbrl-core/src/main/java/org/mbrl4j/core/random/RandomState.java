package org.mbrl4j.core.random;

/**
 * A component that draws from generators of its own and can export their positions and restore them, so a
 * checkpoint of its owner resumes the same draws. The state is an opaque array of longs (for the components of
 * this library, one {@link SplitMix64#state()} per generator).
 */
public interface RandomState {

    /** @return the positions of the component's generators now; a fresh array */
    long[] randomState();

    /**
     * Puts the generators back where {@link #randomState()} found them (on this component or an equal one).
     *
     * @param state a value of {@link #randomState()}
     * @throws IllegalArgumentException if {@code state} is null or has another length than this component's
     */
    void restoreRandomState(long[] state);

    /**
     * Restores one generator from a state array of length 1, checking the length.
     *
     * @param owner     the component's name, for the message
     * @param state     the state array
     * @param generator the generator to restore
     * @throws IllegalArgumentException if {@code state} is null or not of length 1
     */
    static void restoreSingle(String owner, long[] state, SplitMix64 generator) {
        if (state == null || state.length != 1) {
            throw new IllegalArgumentException(owner + ": random state must hold 1 value: "
                    + (state == null ? "null" : state.length + " values"));
        }
        generator.restore(state[0]);
    }
}
