package org.mbrl4j.algorithms.muzero;

import java.util.ArrayList;
import java.util.List;

/**
 * One played game as MuZero stores it: the observations {@code o_0..o_T}, the actions {@code a_0..a_{T-1}}, the
 * rewards {@code r_t} received after {@code a_t}, and per move the search's root value and policy target (absent
 * for moves that were not searched, such as warm-up moves). Filled move by move, then {@link #finish finished}
 * with the last observation; read-only afterwards.
 */
final class GameHistory {

    private final List<float[]> observations = new ArrayList<>();
    private final List<Integer> actions = new ArrayList<>();
    private final List<Float> rewards = new ArrayList<>();
    private final List<Float> rootValues = new ArrayList<>();
    private final List<float[]> policies = new ArrayList<>();
    private boolean terminated;
    private boolean finished;
    private float finalValue;
    private int[] actionArray;
    private float[] rewardArray;

    /**
     * Records one move.
     *
     * @param observation {@code o_t}, {@code [obsDim]}, kept
     * @param action      {@code a_t}
     * @param reward      {@code r_t}
     * @param rootValue   the search's value of {@code o_t}, or NaN if the move was not searched
     * @param policy      the search's policy target {@code [A]}, or null if the move was not searched
     */
    void add(float[] observation, int action, double reward, double rootValue, float[] policy) {
        if (finished) {
            throw new IllegalStateException("the game is finished");
        }
        observations.add(observation);
        actions.add(action);
        rewards.add((float) reward);
        rootValues.add((float) rootValue);
        policies.add(policy);
    }

    /**
     * Ends the game.
     *
     * @param lastObservation {@code o_T}
     * @param terminated      whether {@code o_T} is terminal (else the game was cut by a time limit)
     * @param finalValue      a value estimate of {@code o_T} (used when values are not reanalysed)
     */
    void finish(float[] lastObservation, boolean terminated, double finalValue) {
        observations.add(lastObservation);
        this.terminated = terminated;
        this.finalValue = (float) finalValue;
        this.finished = true;
        actionArray = actions.stream().mapToInt(Integer::intValue).toArray();
        rewardArray = new float[rewards.size()];
        for (int i = 0; i < rewardArray.length; i++) {
            rewardArray[i] = rewards.get(i);
        }
    }

    /** @return {@code T}, the number of moves */
    int length() {
        return actions.size();
    }

    boolean terminated() {
        return terminated;
    }

    /** @param t in {@code [0, T]} @return {@code o_t} */
    float[] observation(int t) {
        return observations.get(t);
    }

    int action(int t) {
        return actionArray[t];
    }

    /** @return the rewards {@code [T]} (the game's own array) */
    float[] rewards() {
        return rewardArray;
    }

    /** @param t in {@code [0, T]} @return the stored value of {@code o_t}: the search's, or the final estimate */
    double storedValue(int t) {
        if (t == length()) {
            return terminated ? 0 : finalValue;
        }
        float v = rootValues.get(t);
        return Float.isNaN(v) ? 0 : v;
    }

    /** @return the policy target of move {@code t}, or null if it was not searched */
    float[] policy(int t) {
        return policies.get(t);
    }

    /** @return {@code a_t} as recorded (also before {@link #finish}) */
    int recordedAction(int t) {
        return actions.get(t);
    }

    /** @return {@code r_t} as recorded (also before {@link #finish}) */
    float recordedReward(int t) {
        return rewards.get(t);
    }

    /** @return the search's root value of move {@code t} as recorded: NaN if the move was not searched */
    float rootValue(int t) {
        return rootValues.get(t);
    }

    /** @return whether {@link #finish} was called */
    boolean finished() {
        return finished;
    }

    /** @return the value estimate of {@code o_T} given to {@link #finish} (0 before) */
    float finalValue() {
        return finalValue;
    }
}
