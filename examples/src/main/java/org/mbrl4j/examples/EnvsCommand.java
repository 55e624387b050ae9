package org.mbrl4j.examples;

import java.io.PrintWriter;
import org.mbrl4j.core.Environment;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mbrl4j envs}: lists the registered environments with their spaces and time limits. */
@Command(name = "envs", mixinStandardHelpOptions = true, description = "List the registered environment ids.")
final class EnvsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-26s %-10s %-44s %s%n", "id", "max steps", "observation space", "action space");
        for (String id : Envs.ids()) {
            EnvSpec envSpec = Envs.spec(id);
            try (Environment env = Envs.make(id)) {
                out.printf("%-26s %-10d %-44s %s%n", id, envSpec.maxEpisodeSteps(),
                        abbreviate(env.observationSpace().toString(), 44), env.actionSpace());
            }
        }
        out.flush();
    }

    private static String abbreviate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }
}
