package org.mbrl4j.envs.vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.spaces.Space;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Steps {@code N} copies of an environment one after the other in the calling thread, with batched
 * observations and automatic reset, like Gymnasium's {@code SyncVectorEnv}.
 *
 * <p><b>Autoreset mode: {@code SAME_STEP}.</b> Gymnasium 1.x defaults to {@code NEXT_STEP}, where a copy whose
 * episode ended is reset by the <em>next</em> call to {@code step}, which ignores that copy's action and
 * returns reward 0. This class implements Gymnasium's {@code SAME_STEP} mode instead, which needs no masking
 * of those dummy transitions: a copy whose episode ends is reset within the same call (with
 * {@link Environment#reset()}, continuing its generator), its row of the returned observations is the new
 * episode's first observation, and the ended episode's last observation and info are reported in
 * {@link VectorStep#finalObservations()} and {@link VectorStep#finalInfos()} (Gymnasium's
 * {@code info["final_obs"]} and {@code info["final_info"]}).
 *
 * <p>{@link #reset(long)} seeds copy {@code i} with {@code seed + i}, as Gymnasium does for an integer seed.
 * The copies are owned by this object and closed with it. Not thread-safe.
 */
public final class SyncVectorEnvironment implements AutoCloseable {

    private final List<Environment> envs;
    private final Space observationSpace;
    private final Space actionSpace;
    private final long[] batchedActionShape;
    private boolean started;

    /**
     * Builds {@code numEnvs} copies from a factory.
     *
     * @param factory makes one fresh, independent environment per call
     * @param numEnvs the number of copies, {@code >= 1}
     * @throws IllegalArgumentException if {@code numEnvs < 1} or the copies' spaces differ
     */
    public SyncVectorEnvironment(Supplier<? extends Environment> factory, int numEnvs) {
        this(build(factory, numEnvs));
    }

    /**
     * Takes ownership of the given environments.
     *
     * @param envs at least one environment, all distinct objects with equal observation and action spaces
     * @throws IllegalArgumentException if the list is empty, holds null or the same object twice, or the
     *     spaces differ
     */
    public SyncVectorEnvironment(List<? extends Environment> envs) {
        Objects.requireNonNull(envs, "envs");
        if (envs.isEmpty()) {
            throw new IllegalArgumentException("envs must hold at least one environment: 0 given");
        }
        this.envs = new ArrayList<>(envs.size());
        for (int i = 0; i < envs.size(); i++) {
            Environment e = envs.get(i);
            if (e == null) {
                throw new IllegalArgumentException("envs[" + i + "] is null");
            }
            for (Environment seen : this.envs) {
                if (seen == e) {
                    throw new IllegalArgumentException("envs[" + i + "] is the same object as an earlier copy;"
                            + " each copy must be its own environment");
                }
            }
            this.envs.add(e);
        }
        this.observationSpace = this.envs.get(0).observationSpace();
        this.actionSpace = this.envs.get(0).actionSpace();
        for (int i = 1; i < this.envs.size(); i++) {
            Environment e = this.envs.get(i);
            if (!e.observationSpace().equals(observationSpace) || !e.actionSpace().equals(actionSpace)) {
                throw new IllegalArgumentException("envs[" + i + "] has spaces " + e.observationSpace() + " / "
                        + e.actionSpace() + "; expected those of envs[0]: " + observationSpace + " / " + actionSpace);
            }
        }
        long[] single = actionSpace.shape();
        this.batchedActionShape = new long[single.length + 1];
        batchedActionShape[0] = this.envs.size();
        System.arraycopy(single, 0, batchedActionShape, 1, single.length);
    }

    private static List<Environment> build(Supplier<? extends Environment> factory, int numEnvs) {
        Objects.requireNonNull(factory, "factory");
        if (numEnvs < 1) {
            throw new IllegalArgumentException("numEnvs must be >= 1: " + numEnvs);
        }
        List<Environment> list = new ArrayList<>(numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            list.add(Objects.requireNonNull(factory.get(), "factory returned null"));
        }
        return list;
    }

    /** @return the number of copies {@code N} */
    public int numEnvs() {
        return envs.size();
    }

    /**
     * @param i copy index in {@code [0, N)}
     * @return copy {@code i} (owned by this object)
     */
    public Environment env(int i) {
        return envs.get(i);
    }

    /** @return the observation space of one copy; batched observations have shape {@code [N, ...shape]} */
    public Space singleObservationSpace() {
        return observationSpace;
    }

    /** @return the action space of one copy; batched actions have shape {@code [N, ...shape]} */
    public Space singleActionSpace() {
        return actionSpace;
    }

    /**
     * Resets every copy, seeding copy {@code i} with {@code seed + i}.
     *
     * @param seed the seed of copy 0
     * @return observations {@code [N, ...]} and one info per copy
     */
    public VectorReset reset(long seed) {
        List<INDArray> obs = new ArrayList<>(envs.size());
        List<Map<String, Object>> infos = new ArrayList<>(envs.size());
        for (int i = 0; i < envs.size(); i++) {
            Reset r = envs.get(i).reset(seed + i);
            obs.add(r.observation());
            infos.add(r.info());
        }
        started = true;
        return new VectorReset(stack(obs), infos);
    }

    /**
     * Resets every copy, each continuing its own generator.
     *
     * @return observations {@code [N, ...]} and one info per copy
     */
    public VectorReset reset() {
        List<INDArray> obs = new ArrayList<>(envs.size());
        List<Map<String, Object>> infos = new ArrayList<>(envs.size());
        for (Environment e : envs) {
            Reset r = e.reset();
            obs.add(r.observation());
            infos.add(r.info());
        }
        started = true;
        return new VectorReset(stack(obs), infos);
    }

    /**
     * Steps every copy with its row of {@code actions}, resetting the copies whose episodes end.
     *
     * @param actions shape {@code [N, ...actionShape]}: for {@code Box} actions {@code [N, actDim]} floats, for
     *     {@code Discrete} actions {@code [N]} indices
     * @return the batched step, see {@link VectorStep}
     * @throws IllegalArgumentException if {@code actions} has the wrong shape, or a row is not a valid action (checked
     *     for every row before any copy steps)
     * @throws IllegalStateException if called before {@code reset}
     */
    public VectorStep step(INDArray actions) {
        if (!started) {
            throw new IllegalStateException("SyncVectorEnvironment.step called before reset");
        }
        if (actions == null || !Arrays.equals(actions.shape(), batchedActionShape)) {
            throw new IllegalArgumentException("actions has shape "
                    + (actions == null ? "null" : Arrays.toString(actions.shape())) + "; expected "
                    + Arrays.toString(batchedActionShape) + " (N = " + envs.size() + " rows of " + actionSpace + ")");
        }
        int n = envs.size();
        List<INDArray> obs = new ArrayList<>(n);
        double[] rewards = new double[n];
        boolean[] terminated = new boolean[n];
        boolean[] truncated = new boolean[n];
        INDArray[] finalObs = new INDArray[n];
        List<Map<String, Object>> infos = new ArrayList<>(n);
        List<Map<String, Object>> finalInfos = new ArrayList<>(n);
        // Every row is checked before any copy steps, so a bad row leaves all copies untouched.
        INDArray[] rows = new INDArray[n];
        for (int i = 0; i < n; i++) {
            rows[i] = actions.get(NDArrayIndex.point(i)).dup();
            actionSpace.validate("actions[" + i + "]", rows[i]);
        }
        for (int i = 0; i < n; i++) {
            Step s = envs.get(i).step(rows[i]);
            rewards[i] = s.reward();
            terminated[i] = s.terminated();
            truncated[i] = s.truncated();
            if (s.done()) {
                finalObs[i] = s.observation();
                finalInfos.add(s.info());
                Reset r = envs.get(i).reset();
                obs.add(r.observation());
                infos.add(r.info());
            } else {
                obs.add(s.observation());
                infos.add(s.info());
                finalInfos.add(null);
            }
        }
        return new VectorStep(stack(obs), rewards, terminated, truncated, finalObs, infos, finalInfos);
    }

    private INDArray stack(List<INDArray> rows) {
        long[] single = observationSpace.shape();
        INDArray[] shaped = new INDArray[rows.size()];
        for (int i = 0; i < shaped.length; i++) {
            INDArray o = rows.get(i);
            if (!Arrays.equals(o.shape(), single)) {
                throw new IllegalStateException("copy " + i + " returned an observation of shape "
                        + Arrays.toString(o.shape()) + "; its observation space has shape " + Arrays.toString(single));
            }
            // A leading axis of 1 on each row makes concat work for scalar observations too.
            long[] withBatch = new long[single.length + 1];
            withBatch[0] = 1;
            System.arraycopy(single, 0, withBatch, 1, single.length);
            shaped[i] = o.castTo(observationSpace.dtype()).reshape(withBatch);
        }
        return Nd4j.concat(0, shaped);
    }

    /** Closes every copy. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (Environment e : envs) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                if (first == null) {
                    first = ex;
                } else {
                    first.addSuppressed(ex);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
