package org.mbrl4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDiffTest {

    private static Path run(Path dir, String name, String json) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        if (json != null) {
            Files.writeString(folder.resolve(RunConfig.FILE), json);
        }
        return folder;
    }

    @Test
    void onlyTheKeysThatDifferAreListedWithEveryRunsValue(@TempDir Path dir) throws Exception {
        Map<String, Path> runs = new LinkedHashMap<>();
        runs.put("sac/s0", run(dir, "s0", "{\"seed\": 0, \"env\": \"Pendulum-v1\", \"config\": {\"gamma\": 0.99, \"tau\": 0.005}}"));
        runs.put("sac/s1", run(dir, "s1", "{\"seed\": 1, \"env\": \"Pendulum-v1\", \"config\": {\"gamma\": 0.99, \"tau\": 0.01}}"));
        runs.put("td3/s0", run(dir, "t0", "{\"seed\": 0, \"env\": \"Pendulum-v1\", \"config\": {\"gamma\": 0.99}}"));
        runs.put("old", run(dir, "old", null));
        String md = ConfigDiff.markdown(runs);
        assertTrue(md.contains("| key | sac/s0 | sac/s1 | td3/s0 |"), md);
        assertTrue(md.contains("| `seed` | 0 | 1 | 0 |"), md);
        assertTrue(md.contains("| `config.tau` | 0.005 | 0.01 | " + ConfigDiff.ABSENT + " |"), md);
        assertFalse(md.contains("`env`") || md.contains("`config.gamma`"), "equal keys are left out: " + md);
        assertTrue(md.contains("Without " + RunConfig.FILE + ": old"), md);
    }

    @Test
    void identicalConfigsAndSingleRunsSaySo(@TempDir Path dir) throws Exception {
        Path a = run(dir, "a", "{\"seed\": 3}");
        Path b = run(dir, "b", "{\"seed\": 3}");
        assertTrue(ConfigDiff.markdown(Map.of("a", a, "b", b)).contains("none: every key has the same value"));
        assertTrue(ConfigDiff.markdown(Map.of("a", a)).contains("fewer than two runs"));
        assertEquals(Map.of(), ConfigDiff.differences(Map.of("a", Map.of("k", 1L), "b", Map.of("k", 1L))));
        Map<String, Map<String, Object>> two = new LinkedHashMap<>();
        two.put("a", Map.of("k", 1L, "same", "x"));
        two.put("b", Map.of("k", 2L, "same", "x"));
        assertEquals(Map.of("k", List.of("1", "2")), ConfigDiff.differences(two), "in column order");
    }

    @Test
    void aBrokenConfigFileIsNamed(@TempDir Path dir) throws Exception {
        Path a = run(dir, "a", "{\"seed\": 3}");
        Path b = run(dir, "b", "{\"seed\": ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigDiff.markdown(Map.of("a", a, "b", b)));
        assertTrue(e.getMessage().contains(b.resolve(RunConfig.FILE).toString()), e.getMessage());
    }
}
