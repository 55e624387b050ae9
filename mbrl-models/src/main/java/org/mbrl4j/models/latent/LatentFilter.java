package org.mbrl4j.models.latent;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The belief of an acting agent over one episode: the {@link Rssm}'s posterior state after the observations seen
 * so far, advanced one {@link Rssm#observeStep posterior step} per observation with the action taken before it.
 * Runs without a tape (values only). Its belief can be written into a checkpoint and restored ({@link #writeTo},
 * {@link #readFrom}), so that an agent saved in the middle of an episode continues it exactly. Not thread-safe;
 * one per acting agent.
 */
public final class LatentFilter {

    private final Rssm model;
    private final RandomGenerator rng;
    private final long obsSize;
    private RssmState state;
    private INDArray prevAction;

    /**
     * @param model the world model
     * @param rng   the generator of the latent samples
     */
    public LatentFilter(Rssm model, RandomGenerator rng) {
        this.model = Objects.requireNonNull(model, "model");
        this.rng = Objects.requireNonNull(rng, "rng");
        this.obsSize = Arrays.stream(model.observationShape()).reduce(1, (a, b) -> a * b);
        reset();
    }

    /** Forgets the episode: the next observation starts from the initial state with a zero previous action. */
    public void reset() {
        state = null;
        prevAction = Nd4j.zeros(model.config().dataType(), 1, model.actionSize());
    }

    /**
     * Takes in the next observation of the episode.
     *
     * @param observation {@code obsShape} values (any shape with that many elements), finite
     * @return the posterior state after it, batch 1
     * @throws IllegalArgumentException if the observation has the wrong size or a NaN or infinite value
     */
    public RssmState observe(INDArray observation) {
        if (observation == null || observation.length() != obsSize) {
            throw new IllegalArgumentException("observation must hold " + obsSize + " values (shape "
                    + Arrays.toString(model.observationShape()) + "): "
                    + (observation == null ? "null" : Arrays.toString(observation.shape())));
        }
        HostArrays.requireFinite(HostArrays.toDoubles(observation), "observation");
        long[] obsShape = model.observationShape();
        long[] shape = new long[obsShape.length + 1];
        shape[0] = 1;
        System.arraycopy(obsShape, 0, shape, 1, obsShape.length);
        try (Tape.NoGrad ignored = Tape.pause()) {
            Var e = model.embed(Var.constant(observation.reshape(shape).castTo(model.config().dataType())));
            RssmState prev = state == null ? model.initial(1) : state;
            state = model.observeStep(prev, Var.constant(prevAction), e, rng)[0];
        }
        return state;
    }

    /**
     * Records the action taken after the last observation (the input of the next posterior step).
     *
     * @param encoded {@code actDim} values in the model's action encoding
     * @throws IllegalArgumentException if the length differs from the model's action size
     */
    public void actionTaken(double[] encoded) {
        Objects.requireNonNull(encoded, "encoded");
        if (encoded.length != model.actionSize()) {
            throw new IllegalArgumentException("encoded action holds " + encoded.length + " values; expected "
                    + model.actionSize());
        }
        prevAction = HostArrays.array(encoded, model.config().dataType(), 1, model.actionSize());
    }

    /** @return the posterior state after the last observation, or null before the first */
    public RssmState state() {
        return state;
    }

    /**
     * Adds the belief to a checkpoint: whether an episode has begun, the posterior state after its last observation
     * ({@code deter}, {@code stoch}, {@code stats}, each {@code [1, ...]}) and the action taken after it. The
     * generator is not written: its owner saves it.
     *
     * @param builder the checkpoint being built
     * @param prefix  prefix of every entry name, e.g. {@code "filter."}
     */
    public void writeTo(Checkpoint.Builder builder, String prefix) {
        builder.putBoolean(prefix + "started", state != null);
        if (state != null) {
            builder.putArray(prefix + "deter", state.deter().value());
            builder.putArray(prefix + "stoch", state.stoch().value());
            builder.putArray(prefix + "stats", state.stats().value());
        }
        builder.putArray(prefix + "prevAction", prevAction);
    }

    /**
     * Restores a belief written by {@link #writeTo} for a model of the same sizes.
     *
     * @param checkpoint the checkpoint
     * @param prefix     the prefix given to {@link #writeTo}
     * @throws IllegalArgumentException if an entry is missing or has another shape or data type than this model's
     *     state (naming it)
     */
    public void readFrom(Checkpoint checkpoint, String prefix) {
        RssmState zero = model.initial(1);
        INDArray action = entry(checkpoint, prefix + "prevAction", prevAction);
        if (checkpoint.booleanValue(prefix + "started")) {
            state = new RssmState(Var.constant(entry(checkpoint, prefix + "deter", zero.deter().value())),
                    Var.constant(entry(checkpoint, prefix + "stoch", zero.stoch().value())),
                    Var.constant(entry(checkpoint, prefix + "stats", zero.stats().value())));
        } else {
            state = null;
        }
        prevAction = action;
    }

    /** The array stored under {@code name}, checked to have the shape and data type of {@code like}. */
    private static INDArray entry(Checkpoint checkpoint, String name, INDArray like) {
        INDArray a = checkpoint.array(name);
        if (!Arrays.equals(a.shape(), like.shape()) || a.dataType() != like.dataType()) {
            throw new IllegalArgumentException("checkpoint entry '" + name + "' is " + a.dataType() + " "
                    + Arrays.toString(a.shape()) + "; expected " + like.dataType() + " "
                    + Arrays.toString(like.shape()));
        }
        return a;
    }
}
