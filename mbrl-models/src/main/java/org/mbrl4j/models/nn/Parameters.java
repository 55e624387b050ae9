package org.mbrl4j.models.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Saving, loading and copying lists of {@link Parameter}s through mbrl-core checkpoints. */
public final class Parameters {

    private Parameters() {
    }

    /**
     * Puts every parameter's value under {@code prefix + name}.
     *
     * @param builder the checkpoint being built
     * @param prefix  prefix of the entry names (may be empty)
     * @param params  the parameters
     */
    public static void writeTo(Checkpoint.Builder builder, String prefix, List<Parameter> params) {
        for (Parameter p : params) {
            builder.putArray(prefix + p.name(), p.value());
        }
    }

    /**
     * Copies every parameter's value from {@code prefix + name}, checking shapes first: on any mismatch
     * nothing is changed.
     *
     * @param checkpoint the checkpoint
     * @param prefix     the prefix used when writing
     * @param params     the parameters to fill
     * @throws IllegalArgumentException if an entry is missing or its shape differs from the parameter's
     */
    public static void readFrom(Checkpoint checkpoint, String prefix, List<Parameter> params) {
        List<INDArray> values = new ArrayList<>();
        for (Parameter p : params) {
            String key = prefix + p.name();
            long[] shape = checkpoint.shape(key);
            if (!Arrays.equals(shape, p.value().shape())) {
                throw new IllegalArgumentException("checkpoint entry '" + key + "' has shape "
                        + Arrays.toString(shape) + "; expected " + Arrays.toString(p.value().shape()));
            }
            values.add(checkpoint.array(key));
        }
        for (int i = 0; i < params.size(); i++) {
            params.get(i).value().assign(values.get(i).castTo(params.get(i).value().dataType()));
        }
    }

    /**
     * @param params the parameters
     * @return fresh copies of their values, in order
     */
    public static List<INDArray> copyValues(List<Parameter> params) {
        List<INDArray> out = new ArrayList<>(params.size());
        for (Parameter p : params) {
            out.add(p.value().dup());
        }
        return out;
    }

    /**
     * @param params the parameters
     * @return the total number of scalars
     */
    public static long count(List<Parameter> params) {
        long n = 0;
        for (Parameter p : params) {
            n += p.size();
        }
        return n;
    }

    static void assignChecked(INDArray target, INDArray source, String key) {
        if (!Arrays.equals(target.shape(), source.shape())) {
            throw new IllegalArgumentException("checkpoint entry '" + key + "' has shape "
                    + Arrays.toString(source.shape()) + "; expected " + Arrays.toString(target.shape()));
        }
        target.assign(source.castTo(target.dataType()));
    }
}
