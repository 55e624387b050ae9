package org.mbrl4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.envs.render.GifWriter;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Renders one evaluation episode of an agent into {@code last-episode.gif} (the commands' after-training GIF). */
final class EpisodeGif {

    private EpisodeGif() {
    }

    /**
     * Plays one episode with {@code agent} and writes it atomically to {@code out/last-episode.gif}, 20 frames per
     * second; writes nothing when {@code width} is 0 or the environment has no rendering.
     *
     * @param agent   the agent (reset first)
     * @param evalEnv the environment, reset here with {@code seed}
     * @param out     the run folder
     * @param width   the width in pixels, {@code >= 0} (the height is two thirds of it)
     * @param seed    the reset seed
     * @throws Exception if the file cannot be written
     */
    static void write(Agent agent, Environment evalEnv, Path out, int width, long seed) throws Exception {
        int height = width * 2 / 3;
        if (width == 0 || Envs.renderFrame(evalEnv, width, height).isEmpty()) {
            return;
        }
        Path file = out.resolve("last-episode.gif");
        Path tmp = AtomicFiles.temporaryFor(file);
        try {
            agent.reset();
            // 20 frames per second: the classic-control tasks step at 0.02-0.05 s
            try (GifWriter gif = new GifWriter(tmp, 50)) {
                INDArray obs = evalEnv.reset(seed).observation();
                gif.append(Envs.renderFrame(evalEnv, width, height).orElseThrow());
                boolean done = false;
                while (!done) {
                    Step step = evalEnv.step(agent.act(obs));
                    gif.append(Envs.renderFrame(evalEnv, width, height).orElseThrow());
                    obs = step.observation();
                    done = step.terminated() || step.truncated();
                }
            }
            AtomicFiles.moveIntoPlace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
