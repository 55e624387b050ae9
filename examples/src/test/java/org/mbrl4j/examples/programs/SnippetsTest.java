package org.mbrl4j.examples.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of the README and of docs/ are cut from compiled example files: a block preceded by
 * {@code <!-- snippet: path/to/File.java#name -->} must equal that file's lines between
 * {@code // snippet:name} and {@code // end-snippet} (indentation removed), after the block's leading
 * {@code import} lines, each of which the file must hold.
 */
class SnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern MARKED_BLOCK = Pattern.compile(
            "<!-- snippet: (\\S+)#(\\S+) -->\\s*\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void readmeAndDocsSnippetsMatchTheExampleFiles() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        int readmeSnippets = 0;
        for (Path page : pages) {
            Matcher m = MARKED_BLOCK.matcher(Files.readString(page));
            while (m.find()) {
                String where = ROOT.relativize(page) + " -> " + m.group(1) + "#" + m.group(2);
                List<String> source = Files.readAllLines(ROOT.resolve(m.group(1)));
                List<String> block = new ArrayList<>(List.of(m.group(3).split("\n", -1)));
                while (!block.isEmpty() && (block.get(0).startsWith("import ") || block.get(0).isBlank())) {
                    String line = block.remove(0);
                    assertTrue(line.isBlank() || source.contains(line), where + ": the file lacks " + line);
                }
                assertEquals(region(source, m.group(2), where), String.join("\n", block), where);
                readmeSnippets += page.endsWith("README.md") ? 1 : 0;
            }
        }
        assertTrue(readmeSnippets >= 2, "the README's Java snippets are marked: " + readmeSnippets);
    }

    @Test
    void everyReadmeJavaBlockIsMarked() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("(.*)\\n\\s*```java\\n").matcher(readme);
        while (m.find()) {
            assertTrue(m.group(1).startsWith("<!-- snippet: "), "unmarked Java block after: " + m.group(1));
        }
    }

    /** The lines between the markers, without the indentation of the least indented one. */
    private static String region(List<String> source, String name, String where) {
        int start = source.indexOf(source.stream().filter(l -> l.trim().equals("// snippet:" + name))
                .findFirst().orElseThrow(() -> new AssertionError(where + ": no // snippet:" + name)));
        int end = start + 1;
        while (!source.get(end).trim().equals("// end-snippet")) {
            end++;
        }
        List<String> lines = source.subList(start + 1, end);
        assertFalse(lines.isEmpty(), where);
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
    }
}
