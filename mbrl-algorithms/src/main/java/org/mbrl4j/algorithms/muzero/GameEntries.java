package org.mbrl4j.algorithms.muzero;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.core.io.Checkpoint;

/**
 * Games as checkpoint entries: the moves of any number of {@link GameHistory games}, finished or not, concatenated
 * into a few flat arrays under a prefix, and read back into games that hold the same values bit for bit. With
 * {@code G} games of {@code T_g} moves, {@code M = sum T_g} moves and {@code N = M + (finished games)}
 * observations:
 * <pre>
 *   count                  long, G (nothing else is written when it is 0)
 *   moves, finished,       ints [G]: T_g, 1 if finished, 1 if o_T is terminal
 *   terminated
 *   finalValue             floats [G]
 *   observations           floats [N, obsDim], game by game
 *   actions                ints [M]
 *   rewards, rootValues    floats [M] (a root value is NaN where the move was not searched)
 *   searched               ints [M]: 1 where the move has a policy target
 *   policies               floats [M, A] (zeros where not searched)
 * </pre>
 */
final class GameEntries {

    private GameEntries() {
    }

    /**
     * @param builder the checkpoint being built
     * @param prefix  prefix of the entry names
     * @param games   the games, in order
     * @param obsDim  observation size
     * @param actions number of actions {@code A}
     */
    static void write(Checkpoint.Builder builder, String prefix, List<GameHistory> games, int obsDim, int actions) {
        int g = games.size();
        builder.putLong(prefix + "count", g);
        if (g == 0) {
            return;
        }
        int[] moves = new int[g];
        int[] finished = new int[g];
        int[] terminated = new int[g];
        float[] finalValue = new float[g];
        int m = 0;
        int n = 0;
        for (int i = 0; i < g; i++) {
            GameHistory game = games.get(i);
            moves[i] = game.length();
            finished[i] = game.finished() ? 1 : 0;
            terminated[i] = game.terminated() ? 1 : 0;
            finalValue[i] = game.finalValue();
            m += moves[i];
            n += moves[i] + finished[i];
        }
        float[] observations = new float[n * obsDim];
        int[] actionArray = new int[m];
        float[] rewards = new float[m];
        float[] rootValues = new float[m];
        int[] searched = new int[m];
        float[] policies = new float[m * actions];
        int move = 0;
        int obs = 0;
        for (int i = 0; i < g; i++) {
            GameHistory game = games.get(i);
            for (int t = 0; t < moves[i] + finished[i]; t++) {
                System.arraycopy(game.observation(t), 0, observations, obs++ * obsDim, obsDim);
            }
            for (int t = 0; t < moves[i]; t++, move++) {
                actionArray[move] = game.recordedAction(t);
                rewards[move] = game.recordedReward(t);
                rootValues[move] = game.rootValue(t);
                float[] policy = game.policy(t);
                if (policy != null) {
                    searched[move] = 1;
                    System.arraycopy(policy, 0, policies, move * actions, actions);
                }
            }
        }
        builder.putInts(prefix + "moves", moves);
        builder.putInts(prefix + "finished", finished);
        builder.putInts(prefix + "terminated", terminated);
        builder.putFloats(prefix + "finalValue", finalValue);
        builder.putFloats(prefix + "observations", observations, n, obsDim);
        builder.putInts(prefix + "actions", actionArray);
        builder.putFloats(prefix + "rewards", rewards);
        builder.putFloats(prefix + "rootValues", rootValues);
        builder.putInts(prefix + "searched", searched);
        builder.putFloats(prefix + "policies", policies, m, actions);
    }

    /**
     * @param checkpoint the checkpoint
     * @param prefix     the prefix given to {@link #write}
     * @param obsDim     the observation size the games must have
     * @param actions    the number of actions the games must have
     * @return the games, in the order written
     * @throws IllegalArgumentException if an entry is missing or its size or a value does not fit (naming it)
     */
    static List<GameHistory> read(Checkpoint checkpoint, String prefix, int obsDim, int actions) {
        long count = checkpoint.longValue(prefix + "count");
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("checkpoint entry '" + prefix + "count' is " + count
                    + "; expected >= 0");
        }
        int g = (int) count;
        List<GameHistory> games = new ArrayList<>(g);
        if (g == 0) {
            return games;
        }
        int[] moves = ints(checkpoint, prefix + "moves", g);
        int[] finished = ints(checkpoint, prefix + "finished", g);
        int[] terminated = ints(checkpoint, prefix + "terminated", g);
        float[] finalValue = floats(checkpoint, prefix + "finalValue", g);
        long m = 0;
        long n = 0;
        for (int i = 0; i < g; i++) {
            if (moves[i] < 0 || (finished[i] != 0 && finished[i] != 1)) {
                throw new IllegalArgumentException("checkpoint entries '" + prefix + "moves' and '" + prefix
                        + "finished' of game " + i + " are " + moves[i] + " and " + finished[i]);
            }
            m += moves[i];
            n += moves[i] + finished[i];
        }
        float[] observations = floats(checkpoint, prefix + "observations", n * obsDim);
        int[] actionArray = ints(checkpoint, prefix + "actions", m);
        float[] rewards = floats(checkpoint, prefix + "rewards", m);
        float[] rootValues = floats(checkpoint, prefix + "rootValues", m);
        int[] searched = ints(checkpoint, prefix + "searched", m);
        float[] policies = floats(checkpoint, prefix + "policies", m * actions);
        int move = 0;
        int obs = 0;
        for (int i = 0; i < g; i++) {
            GameHistory game = new GameHistory();
            for (int t = 0; t < moves[i]; t++, move++) {
                int a = actionArray[move];
                if (a < 0 || a >= actions) {
                    throw new IllegalArgumentException("checkpoint entry '" + prefix + "actions' holds " + a
                            + " at " + move + "; expected an index in [0, " + actions + ")");
                }
                float[] policy = null;
                if (searched[move] != 0) {
                    policy = new float[actions];
                    System.arraycopy(policies, move * actions, policy, 0, actions);
                }
                game.add(observation(observations, obs++, obsDim), a, rewards[move], rootValues[move], policy);
            }
            if (finished[i] == 1) {
                game.finish(observation(observations, obs++, obsDim), terminated[i] != 0, finalValue[i]);
            }
            games.add(game);
        }
        return games;
    }

    private static float[] observation(float[] all, int row, int obsDim) {
        float[] o = new float[obsDim];
        System.arraycopy(all, row * obsDim, o, 0, obsDim);
        return o;
    }

    private static int[] ints(Checkpoint checkpoint, String name, long length) {
        int[] v = checkpoint.ints(name);
        checkLength(name, v.length, length);
        return v;
    }

    private static float[] floats(Checkpoint checkpoint, String name, long length) {
        float[] v = checkpoint.floats(name);
        checkLength(name, v.length, length);
        return v;
    }

    private static void checkLength(String name, int found, long expected) {
        if (found != expected) {
            throw new IllegalArgumentException("checkpoint entry '" + name + "' holds " + found + " values; expected "
                    + expected);
        }
    }
}
