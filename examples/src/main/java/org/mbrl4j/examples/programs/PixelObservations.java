package org.mbrl4j.examples.programs;

import java.util.Arrays;
import org.mbrl4j.core.Environment;
import org.mbrl4j.envs.EnvOptions;
import org.mbrl4j.envs.Envs;

/**
 * The snippets of docs/environments.md and docs/backends.md: a registered environment made with pixel
 * observations, action repeat and frame stacking from {@link EnvOptions}, and the ND4J backend that runs.
 *
 * <pre>{@code java --add-modules jdk.incubator.vector -cp examples/target/mbrl4j.jar \
 *     org.mbrl4j.examples.programs.PixelObservations}</pre>
 */
public final class PixelObservations {

    private PixelObservations() {}

    /**
     * Prints the backend's name and the shape of the first pixel observation of CartPoleSwingUp-v0.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        backend();
        System.out.println("observation shape " + Arrays.toString(firstObservationShape()));
    }

    /** Prints the simple class name of ND4J's backend. */
    public static void backend() {
        // snippet:backend
        System.out.println(org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName());
        // CpuBackend or CudaBackend
        // end-snippet
    }

    /**
     * @return the shape of the first observation of CartPoleSwingUp-v0 with 64 x 64 RGB pixels, action repeat 4
     *     and 3 stacked frames
     */
    public static long[] firstObservationShape() {
        // snippet:options
        EnvOptions options = EnvOptions.DEFAULT          // no pixels, 64 x 64 RGB if on, repeat 1, stack 1, registry limit
                .withPixels(true).withSize(64, 64).withGrayscale(false)
                .withActionRepeat(4).withFrameStack(3).withMaxEpisodeSteps(1000);
        Environment env = Envs.make("CartPoleSwingUp-v0", options);   // observations [3, 3, 64, 64]
        // end-snippet
        try (env) {
            return env.reset(0).observation().shape();
        }
    }
}
