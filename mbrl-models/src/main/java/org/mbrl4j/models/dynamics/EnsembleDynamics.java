package org.mbrl4j.models.dynamics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.io.CorruptCheckpointException;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.Initializers;
import org.mbrl4j.models.nn.Mlp;
import org.mbrl4j.tensor.nn.Parameter;
import org.mbrl4j.models.nn.Parameters;
import org.mbrl4j.models.nn.Sequential;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the deterministic and the Gaussian ensemble share: an ensemble MLP over normalised
 * {@code [obs, action]} inputs (one batched pass for all members, mbrl-lib's truncated-normal
 * initialisation), delta targets, elites, checkpointing. Subclasses define the output head and the loss.
 *
 * <p>Not thread-safe: the network caches the last pass for the backward pass.
 */
public abstract class EnsembleDynamics implements DynamicsModel {

    /** Version of the saved-model layout written by {@link #save(Path)}. */
    public static final long SAVE_FORMAT = 1;

    private final int obsSize;
    private final int actSize;
    private final EnsembleSettings settings;
    private final int outDim;
    private final boolean[] delta;
    private final Sequential net;
    private final Normalizer normalizer;
    private int[] elites;

    /**
     * @param obsSize  observation size
     * @param actSize  action size
     * @param settings the network and target settings
     * @param heads    output values per target dimension (1: mean; 2: mean and log-variance)
     * @param streams  randomness of the initial weights ({@code child("init")})
     */
    EnsembleDynamics(int obsSize, int actSize, EnsembleSettings settings, int heads, RandomStreams streams) {
        if (obsSize < 1) {
            throw new IllegalArgumentException("obsSize must be >= 1: " + obsSize);
        }
        if (actSize < 1) {
            throw new IllegalArgumentException("actSize must be >= 1: " + actSize);
        }
        if (settings == null || streams == null) {
            throw new IllegalArgumentException("config and streams must not be null");
        }
        for (int d : settings.nonDeltaDims()) {
            if (d >= obsSize) {
                throw new IllegalArgumentException("nonDeltaDims " + settings.nonDeltaDims()
                        + " holds an index >= obsSize=" + obsSize);
            }
        }
        this.obsSize = obsSize;
        this.actSize = actSize;
        this.settings = settings;
        this.outDim = obsSize + (settings.learnReward() ? 1 : 0);
        this.delta = new boolean[obsSize];
        Arrays.fill(delta, true);
        for (int d : settings.nonDeltaDims()) {
            delta[d] = false;
        }
        this.net = Mlp.builder(obsSize + actSize, heads * outDim).hidden(settings.hiddenSize(), settings.hiddenLayers())
                .activation(settings.activation()).ensemble(settings.ensembleSize())
                .initializer(Initializers.truncatedNormal()).name("net")
                .build(streams.child("init").javaRandom());
        this.normalizer = new Normalizer(obsSize + actSize);
        this.elites = new int[settings.numElites()];
        for (int i = 0; i < elites.length; i++) {
            elites[i] = i;
        }
    }

    @Override
    public int ensembleSize() {
        return settings.ensembleSize();
    }

    @Override
    public int observationSize() {
        return obsSize;
    }

    @Override
    public int actionSize() {
        return actSize;
    }

    @Override
    public boolean learnsReward() {
        return settings.learnReward();
    }

    /** @return the network settings */
    public EnsembleSettings settings() {
        return settings;
    }

    /** @return the input normaliser (updated by the trainer); live, not a copy */
    public Normalizer normalizer() {
        return normalizer;
    }

    /** @return the ensemble MLP, input {@code [E, B, obs+act]} normalised, output {@code [E, B, heads * D]} */
    public Sequential network() {
        return net;
    }

    /** @return the parameters an optimiser trains, in a fixed order */
    public List<Parameter> trainableParameters() {
        return net.parameters();
    }

    /** @return every parameter that a checkpoint holds (trainable or not) */
    List<Parameter> savedParameters() {
        return net.parameters();
    }

    @Override
    public int[] elites() {
        return elites.clone();
    }

    /**
     * @param members distinct member indices, {@code numElites} of them at most, at least one
     * @throws IllegalArgumentException if an index is out of range or repeated, or the list is empty
     */
    public void setElites(int[] members) {
        if (members == null || members.length < 1 || members.length > ensembleSize()) {
            throw new IllegalArgumentException("elites must hold 1 to " + ensembleSize() + " members: "
                    + Arrays.toString(members));
        }
        boolean[] seen = new boolean[ensembleSize()];
        for (int m : members) {
            if (m < 0 || m >= ensembleSize() || seen[m]) {
                throw new IllegalArgumentException("elites must be distinct indices in [0, " + ensembleSize() + "): "
                        + Arrays.toString(members));
            }
            seen[m] = true;
        }
        elites = members.clone();
    }

    /** @return whether each observation dimension is predicted as a delta; a copy */
    boolean[] deltaDims() {
        return delta.clone();
    }

    /** @return the target width D: {@code obsSize + (learnReward ? 1 : 0)} */
    int targetSize() {
        return outDim;
    }

    // ------------------------------------------------------------------------------------- prediction

    @Override
    public Prediction predict(INDArray observations, INDArray actions) {
        float[] obs = Inputs.floats("observations", observations, new long[] {-1, obsSize});
        long b = observations.size(0);
        float[] act = Inputs.floats("actions", actions, new long[] {b, actSize});
        float[] x = normalizedInputs(obs, act, (int) b);
        int e = ensembleSize();
        int in = obsSize + actSize;
        float[] tiled = new float[e * x.length];
        for (int m = 0; m < e; m++) {
            System.arraycopy(x, 0, tiled, m * x.length, x.length);
        }
        INDArray out = net.infer(HostArrays.array(tiled, e, b, in));
        return decode(out, obs, false);
    }

    @Override
    public Prediction predictPerMember(INDArray observations, INDArray actions) {
        float[] obs = Inputs.floats("observations", observations, new long[] {ensembleSize(), -1, obsSize});
        long b = observations.size(1);
        float[] act = Inputs.floats("actions", actions, new long[] {ensembleSize(), b, actSize});
        float[] x = normalizedInputs(obs, act, (int) (ensembleSize() * b));
        INDArray out = net.infer(Nd4j.create(x, new long[] {ensembleSize(), b, obsSize + actSize},
                DataType.FLOAT));
        return decode(out, obs, true);
    }

    /** Computes only the listed members: one {@link Sequential#inferMembers} pass, no weight copies. */
    @Override
    public Prediction predictMembers(INDArray observations, INDArray actions, int[] members) {
        long b = DynamicsModels.checkMembers(observations, actions, members, ensembleSize(), obsSize, actSize);
        int k = members.length;
        float[] obs = Inputs.floats("observations", observations, new long[] {k, b, obsSize});
        float[] act = Inputs.floats("actions", actions, new long[] {k, b, actSize});
        float[] x = normalizedInputs(obs, act, (int) (k * b));
        INDArray out = net.inferMembers(HostArrays.array(x, k, b, obsSize + actSize), members);
        return decode(out, obs, true);
    }

    /**
     * The next observation (and reward) as a differentiable program on the open {@link Tape}: the mean over
     * the {@link #elites()} of each elite's mean prediction, the quantity that expectation propagation rolls
     * forward. The model's own steps, written with the tape's ops: the input normalisation, the network over
     * its current weights (constants of the program: no gradient reaches {@link Parameter#grad()}, see
     * {@link org.mbrl4j.models.nn.TapeLayers#callFrozen}), the mean part of the output head, the delta targets
     * (the observation added back on all but the {@code nonDeltaDims}). Gradients flow to whichever of
     * {@code observations} and {@code actions} need one, and the method may be called any number of times per
     * tape (a rollout over a horizon). With no tape open it computes values only. Equal to the mean over the
     * elites of {@link #predictMembers} up to float32 rounding.
     *
     * @param observations {@code [N, o]}, float32, finite
     * @param actions      {@code [N, a]}, float32, finite
     * @return {@code [N, D]} with {@code D = outputSize()}: the next observation's {@code o} values, then the
     *         reward when the model learns it; a fresh value
     * @throws IllegalArgumentException if a shape or data type is wrong, the row counts differ, or a value is
     *                                  not finite
     */
    public Var meanPrediction(Var observations, Var actions) {
        return MeanPrediction.of(this, observations, actions);
    }

    /**
     * Turns the network output into next-observation means (and variances).
     *
     * @param out       {@code [E, B, heads * D]}
     * @param obs       the observations, {@code [B, o]} or, when {@code perMember}, {@code [E, B, o]}, row-major
     * @param perMember whether {@code obs} has a member dimension
     * @return the prediction
     */
    abstract Prediction decode(INDArray out, float[] obs, boolean perMember);

    /** Adds the observation back to the delta dimensions of {@code mean} ({@code [E, B, D]} row-major). */
    void addObservations(float[] mean, float[] obs, int members, int rows, boolean perMember) {
        for (int m = 0; m < members; m++) {
            for (int r = 0; r < rows; r++) {
                int orow = ((perMember ? m * rows : 0) + r) * obsSize;
                int mrow = (m * rows + r) * outDim;
                for (int j = 0; j < obsSize; j++) {
                    if (delta[j]) {
                        mean[mrow + j] += obs[orow + j];
                    }
                }
            }
        }
    }

    /** The normalised concatenation {@code [obs, act]}, row-major {@code [rows, o + a]}. */
    float[] normalizedInputs(float[] obs, float[] act, int rows) {
        int in = obsSize + actSize;
        double[] raw = new double[rows * in];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < obsSize; j++) {
                raw[r * in + j] = obs[r * obsSize + j];
            }
            for (int j = 0; j < actSize; j++) {
                raw[r * in + obsSize + j] = act[r * actSize + j];
            }
        }
        float[] out = new float[raw.length];
        normalizer.normalizeRows(raw, out);
        return out;
    }

    /** The unnormalised concatenation {@code [obs, act]} in float64, row-major. */
    double[] rawInputs(float[] obs, float[] act, int rows) {
        int in = obsSize + actSize;
        double[] raw = new double[rows * in];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < obsSize; j++) {
                raw[r * in + j] = obs[r * obsSize + j];
            }
            for (int j = 0; j < actSize; j++) {
                raw[r * in + obsSize + j] = act[r * actSize + j];
            }
        }
        return raw;
    }

    /**
     * Training targets: {@code next - obs} on delta dimensions, {@code next} on the others, then the reward.
     * Computed in float64, stored as float32, row-major {@code [rows, D]}.
     */
    float[] targets(float[] obs, float[] next, float[] rewards, int rows) {
        float[] y = new float[rows * outDim];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < obsSize; j++) {
                double v = next[r * obsSize + j];
                y[r * outDim + j] = (float) (delta[j] ? v - obs[r * obsSize + j] : v);
            }
            if (settings.learnReward()) {
                y[r * outDim + obsSize] = rewards[r];
            }
        }
        return y;
    }

    // ------------------------------------------------------------------------------------- training hooks

    /**
     * One forward and backward pass on a training batch: sets the gradients of
     * {@link #trainableParameters()} and returns the loss.
     *
     * @param inputs  normalised inputs {@code [E, B, o + a]}
     * @param targets targets {@code [E, B, D]} (deltas, then reward)
     * @return the loss
     */
    public abstract double lossAndGradients(INDArray inputs, INDArray targets);

    /**
     * @param inputs normalised inputs {@code [E, B, o + a]}
     * @return the predicted target means {@code [E, B, D]} (delta space), row-major
     */
    abstract float[] targetMeans(INDArray inputs);

    /**
     * The predicted target means and bounded log-variances, for scoring by {@link ValidationScore#GAUSSIAN_NLL}.
     *
     * @param inputs normalised inputs {@code [E, B, o + a]}
     * @return {means, log-variances}, each {@code [E, B, D]} row-major in delta space; null for a model
     *     that predicts no variances
     */
    double[][] targetMeansAndLogvars(INDArray inputs) {
        return null;
    }

    // ------------------------------------------------------------------------------------- checkpoints

    /** @return the class-specific name written as {@code kind} */
    abstract String kind();

    /** Writes the config entries of the subclass. */
    abstract void writeConfig(Checkpoint.Builder b);

    @Override
    public void save(Path file) throws IOException {
        Checkpoints.write(file, toCheckpoint());
    }

    /** @return everything that {@link #save(Path)} writes */
    public Checkpoint toCheckpoint() {
        Checkpoint.Builder b = Checkpoint.builder();
        b.putString("kind", kind());
        b.putLong("format", SAVE_FORMAT);
        b.putLong("obsSize", obsSize);
        b.putLong("actSize", actSize);
        b.putLong("config.ensembleSize", settings.ensembleSize());
        b.putLong("config.numElites", settings.numElites());
        b.putLong("config.hiddenLayers", settings.hiddenLayers());
        b.putLong("config.hiddenSize", settings.hiddenSize());
        b.putString("config.activation", settings.activation().name());
        b.putBoolean("config.learnReward", settings.learnReward());
        b.putInts("config.nonDeltaDims", settings.nonDeltaDims().stream().mapToInt(Integer::intValue).toArray(),
                settings.nonDeltaDims().size());
        writeConfig(b);
        normalizer.writeTo(b, "normalizer.");
        Parameters.writeTo(b, "param.", savedParameters());
        b.putInts("elites", elites);
        return b.build();
    }

    /** Restores parameters, normaliser and elites from a checkpoint of a model with the same config. */
    void restore(Checkpoint cp) {
        readState(cp, "");
    }

    /**
     * Adds the learned state (normaliser statistics, every parameter, the elites) to a larger checkpoint such as
     * an agent's, every entry name starting with {@code prefix}. The config is not written: the owner of the
     * model stores the config it was built from.
     *
     * @param builder the checkpoint being built
     * @param prefix  prefix of the entry names, e.g. {@code "model."}
     */
    public void writeState(Checkpoint.Builder builder, String prefix) {
        normalizer.writeTo(builder, prefix + "normalizer.");
        Parameters.writeTo(builder, prefix + "param.", savedParameters());
        builder.putInts(prefix + "elites", elites);
    }

    /**
     * Restores what {@link #writeState} wrote from a model of the same config.
     *
     * @param checkpoint the checkpoint
     * @param prefix     the prefix given to {@link #writeState}
     * @throws IllegalArgumentException if an entry is missing or has another shape (naming it)
     */
    public void readState(Checkpoint checkpoint, String prefix) {
        normalizer.readFrom(checkpoint, prefix + "normalizer.");
        Parameters.readFrom(checkpoint, prefix + "param.", savedParameters());
        setElites(checkpoint.ints(prefix + "elites"));
    }

    /** The shared part of the config, read back; throws IllegalArgumentException on anything missing. */
    record Common(int obsSize, int actSize, int ensembleSize, int numElites, int hiddenLayers, int hiddenSize,
            Activation activation, boolean learnReward, List<Integer> nonDeltaDims) {
    }

    static Checkpoint readChecked(Path file, String kind) throws IOException {
        Checkpoint cp = Checkpoints.read(file);
        String found = cp.contains("kind") && cp.type("kind") == Checkpoint.EntryType.STRING
                ? cp.string("kind") : null;
        if (!kind.equals(found)) {
            throw new CorruptCheckpointException(file, "holds a " + (found == null ? "checkpoint without a kind" : found)
                    + "; expected a " + kind);
        }
        long format = cp.longValue("format");
        if (format != SAVE_FORMAT) {
            throw new CorruptCheckpointException(file, "has model format " + format + "; this version reads "
                    + SAVE_FORMAT);
        }
        return cp;
    }

    static Common readCommon(Checkpoint cp) {
        List<Integer> nd = new ArrayList<>();
        for (int d : cp.ints("config.nonDeltaDims")) {
            nd.add(d);
        }
        return new Common((int) cp.longValue("obsSize"), (int) cp.longValue("actSize"),
                (int) cp.longValue("config.ensembleSize"), (int) cp.longValue("config.numElites"),
                (int) cp.longValue("config.hiddenLayers"), (int) cp.longValue("config.hiddenSize"),
                Activation.valueOf(cp.string("config.activation")), cp.booleanValue("config.learnReward"), nd);
    }

    /** Builds a model from a verified checkpoint; malformed content becomes a CorruptCheckpointException. */
    static <T extends EnsembleDynamics> T load(Path file, String kind, java.util.function.Function<Checkpoint, T> make)
            throws IOException {
        Checkpoint cp = readChecked(file, kind);
        try {
            T model = make.apply(cp);
            model.restore(cp);
            return model;
        } catch (IllegalArgumentException e) {
            throw new CorruptCheckpointException(file, "is not a valid " + kind + ": " + e.getMessage(), e);
        }
    }
}
