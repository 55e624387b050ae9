package org.mbrl4j.algorithms.muzero;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Var;

/**
 * The inputs and targets of one MuZero update, {@code B} positions unrolled {@code K} steps, in row-major
 * {@code float[]} rows ready to become arrays. Index {@code k} of the per-step arrays is unroll step {@code k}
 * ({@code k = 0} is the represented observation; reward rows at {@code k = 0} are unused).
 */
final class TrainingBatch {

    /** {@code [B * obsDim]}: the observations at the drawn positions. */
    final float[] observations;
    /** {@code [K][B]}: the actions unrolled. */
    final int[][] actions;
    /** {@code [K + 1][B * bins]}: two-hot value targets. */
    final float[][] valueTargets;
    /** {@code [K + 1][B]}: 1 where the value term counts. */
    final float[][] valueMasks;
    /**
     * {@code [K + 1][B * bins]}: two-hot reward targets of the step into {@code k}, or with the value prefix its
     * {@link MuzeroTargets#valuePrefixes value-prefix targets}.
     */
    final float[][] rewardTargets;
    /** {@code [K + 1][B]}: 1 where the reward term counts. */
    final float[][] rewardMasks;
    /** {@code [K + 1][B * A]}: policy targets. */
    final float[][] policyTargets;
    /** {@code [K + 1][B]}: 1 where the policy term counts. */
    final float[][] policyMasks;
    /** {@code [B]}: importance weights. */
    final float[] weights;
    /** {@code [B]}: the scalar value targets at {@code k = 0}, for the priorities. */
    final double[] firstTargets;
    /**
     * {@code [K + 1][B * obsDim]}: the observations {@code o_{t+k}} the consistency loss represents as targets
     * (the game's last observation past its end; row {@code k = 0} unused), or null without the consistency loss.
     */
    final float[][] targetObservations;
    /** {@code [K + 1][B]}: 1 where {@code o_{t+k}} exists ({@code t + k <= T}), or null without the loss. */
    final float[][] consistencyMasks;

    private TrainingBatch(int b, int k, int obsDim, int bins, int actionCount, boolean consistency) {
        observations = new float[b * obsDim];
        actions = new int[k][b];
        valueTargets = new float[k + 1][b * bins];
        valueMasks = new float[k + 1][b];
        rewardTargets = new float[k + 1][b * bins];
        rewardMasks = new float[k + 1][b];
        policyTargets = new float[k + 1][b * actionCount];
        policyMasks = new float[k + 1][b];
        weights = new float[b];
        firstTargets = new double[b];
        targetObservations = consistency ? new float[k + 1][b * obsDim] : null;
        consistencyMasks = consistency ? new float[k + 1][b] : null;
    }

    /** A fresh search from a stored observation (the reanalysis of policies). */
    @FunctionalInterface
    interface PolicySearch {
        /**
         * @param observation {@code [obsDim]}
         * @return the search's policy target, {@code [A]}
         */
        float[] policy(float[] observation);
    }

    /**
     * @param samples     the drawn positions
     * @param tdSteps     the value horizon {@code n} of each drawn position, {@code >= 1} each
     * @param config      unroll length, discount, reanalysis, value prefix, consistency loss
     * @param network     for the reanalysed bootstrap values (no tape must be recording)
     * @param actionCount {@code A}
     * @param obsDim      observation size
     * @param rng         the generator of the actions past the end of a game and of which policy targets are
     *                    reanalysed (drawn only when {@code 0 < reanalysePolicy < 1})
     * @param reanalyse   the search that replaces a share {@link MuzeroConfig#reanalysePolicy()} of the policy
     *                    targets of positions inside their games (searched in self-play or not), or null for none
     * @return the batch
     */
    static TrainingBatch build(GameReplay.Sample[] samples, int[] tdSteps, MuzeroConfig config,
            MuzeroNetwork network, int actionCount, int obsDim, RandomGenerator rng, PolicySearch reanalyse) {
        double share = reanalyse == null ? 0 : config.reanalysePolicy();
        int b = samples.length;
        int k = config.unrollSteps();
        ValueSupport support = network.support();
        int bins = support.bins();
        boolean consistency = config.usesConsistency();
        TrainingBatch batch = new TrainingBatch(b, k, obsDim, bins, actionCount, consistency);

        // the value of every bootstrap observation: reanalysed by the latest network in one batch, or as stored
        double[][] bootstrap = new double[b][k + 1];
        List<float[]> toEvaluate = new ArrayList<>();
        List<int[]> where = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            GameHistory g = samples[i].game();
            int n = tdSteps[i];
            for (int step = 0; step <= k; step++) {
                int pos = samples[i].index() + step;
                if (pos >= g.length()) {
                    continue;
                }
                int j = MuzeroTargets.bootstrapIndex(pos, n, g.length());
                if (j == g.length() && g.terminated()) {
                    continue;
                }
                if (config.reanalyseValues()) {
                    toEvaluate.add(g.observation(j));
                    where.add(new int[] {i, step});
                } else {
                    bootstrap[i][step] = g.storedValue(j);
                }
            }
        }
        if (!toEvaluate.isEmpty()) {
            double[] values = values(network, toEvaluate, obsDim);
            for (int m = 0; m < values.length; m++) {
                bootstrap[where.get(m)[0]][where.get(m)[1]] = values[m];
            }
        }

        for (int i = 0; i < b; i++) {
            GameHistory g = samples[i].game();
            int t = samples[i].index();
            int length = g.length();
            int n = tdSteps[i];
            double[] prefixes = config.valuePrefix()
                    ? MuzeroTargets.valuePrefixes(g.rewards(), t, k, config.lstmHorizon()) : null;
            System.arraycopy(g.observation(t), 0, batch.observations, i * obsDim, obsDim);
            batch.weights[i] = (float) samples[i].weight();
            for (int step = 0; step <= k; step++) {
                int pos = t + step;
                if (step > 0) {
                    batch.actions[step - 1][i] = pos - 1 < length ? g.action(pos - 1) : rng.nextInt(actionCount);
                    if (pos - 1 < length || g.terminated()) {
                        double reward = prefixes != null ? prefixes[step]
                                : pos - 1 < length ? g.rewards()[pos - 1] : 0;
                        support.encode(reward, batch.rewardTargets[step], i * bins);
                        batch.rewardMasks[step][i] = 1;
                    }
                    if (consistency) {
                        System.arraycopy(g.observation(Math.min(pos, length)), 0, batch.targetObservations[step],
                                i * obsDim, obsDim);
                        batch.consistencyMasks[step][i] = pos <= length ? 1 : 0;
                    }
                }
                if (pos < length) {
                    double z = MuzeroTargets.nStepValue(g.rewards(), pos, n, config.discount(), g.terminated(),
                            bootstrap[i][step]);
                    support.encode(z, batch.valueTargets[step], i * bins);
                    batch.valueMasks[step][i] = 1;
                    if (step == 0) {
                        batch.firstTargets[i] = z;
                    }
                    float[] policy = g.policy(pos);
                    if (share >= 1 || (share > 0 && rng.nextDouble() < share)) {
                        policy = reanalyse.policy(g.observation(pos));
                    }
                    if (policy != null) {
                        System.arraycopy(policy, 0, batch.policyTargets[step], i * actionCount, actionCount);
                        batch.policyMasks[step][i] = 1;
                    } else {
                        uniform(batch.policyTargets[step], i * actionCount, actionCount);
                    }
                } else {
                    support.encode(0, batch.valueTargets[step], i * bins);
                    batch.valueMasks[step][i] = g.terminated() ? 1 : 0;
                    uniform(batch.policyTargets[step], i * actionCount, actionCount);
                }
                if (step > 0 && batch.rewardMasks[step][i] == 0) {
                    support.encode(0, batch.rewardTargets[step], i * bins);
                }
            }
        }
        return batch;
    }

    /** A valid (masked) row so that the cross-entropy stays finite. */
    private static void uniform(float[] rows, int offset, int width) {
        java.util.Arrays.fill(rows, offset, offset + width, 1f / width);
    }

    /** The network's values of the observations, one batched pass with no tape. */
    private static double[] values(MuzeroNetwork network, List<float[]> observations, int obsDim) {
        int m = observations.size();
        float[] x = new float[m * obsDim];
        for (int r = 0; r < m; r++) {
            System.arraycopy(observations.get(r), 0, x, r * obsDim, obsDim);
        }
        Var logits = network.valueLogits(network.represent(Var.constant(HostArrays.array(x, m, obsDim))));
        float[] l = HostArrays.toFloats(logits.value());
        int bins = network.support().bins();
        double[] v = new double[m];
        for (int r = 0; r < m; r++) {
            v[r] = network.support().decodeLogits(l, r * bins);
        }
        return v;
    }
}
