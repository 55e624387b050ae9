package org.mbrl4j.examples;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The output folder of a command ({@code --out}), checked before anything is written and created just
 * before the first file: an empty value, a file, a folder that cannot be created and, without
 * {@code --overwrite}, a folder that already holds files are refused with a message naming {@code --out}
 * and the value.
 */
final class RunFolder {

    /**
     * What the commands write into a folder, and the temporary files of a killed write
     * ({@link AtomicFiles}): removed by {@code --overwrite} before the new run writes, so that no file of the
     * old run (an {@code open-loop-trial-9.png} of a longer run) is left beside the new one. Other files stay.
     */
    private static final PathMatcher OUTPUTS = FileSystems.getDefault().getPathMatcher(
            "glob:{config.json,episodes.csv,episodes.jsonl,train.jsonl,returns.png,last-trial.gif,"
                    + "open-loop-trial-*.png,curves.csv,curves.png,summary.md,checkpoint.ckpt,.*.tmp}");

    private final Path path;
    private final boolean overwrite;
    private final List<Path> created = new ArrayList<>();

    private RunFolder(Path path, boolean overwrite) {
        this.path = path;
        this.overwrite = overwrite;
    }

    /**
     * Checks {@code --out} without writing anything.
     *
     * @param out the value of {@code --out}
     * @param overwrite whether {@code --overwrite} was given
     * @return the folder, to {@link #create()} once every other option is checked
     * @throws IllegalArgumentException naming {@code --out} and the value if the folder cannot be used
     */
    static RunFolder check(Path out, boolean overwrite) {
        if (out == null || out.toString().isBlank()) {
            throw new IllegalArgumentException("--out must name a folder, not an empty string: '"
                    + (out == null ? "" : out) + "'");
        }
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + " is a file, not a folder");
            }
            List<String> names = entries(out);
            if (!names.isEmpty() && !overwrite) {
                throw new IllegalArgumentException("--out " + out + " already holds "
                        + (names.size() <= 3 ? String.join(", ", names)
                                : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more")
                        + "; pass --overwrite to replace what an earlier run wrote there, or choose another folder");
            }
            if (!Files.isWritable(out)) {
                throw new IllegalArgumentException("--out " + out + " is not writable");
            }
        } else {
            Path ancestor = out.toAbsolutePath().getParent();
            while (ancestor != null && !Files.exists(ancestor)) {
                ancestor = ancestor.getParent();
            }
            if (ancestor != null && !Files.isDirectory(ancestor)) {
                throw new IllegalArgumentException("--out " + out + " cannot be created: " + ancestor
                        + " is a file, not a folder");
            }
            if (ancestor != null && !Files.isWritable(ancestor)) {
                throw new IllegalArgumentException("--out " + out + " cannot be created: " + ancestor
                        + " is not writable");
            }
        }
        return new RunFolder(out, overwrite);
    }

    /** @return the folder */
    Path path() {
        return path;
    }

    /**
     * Creates the folder and its missing parents; with {@code --overwrite}, removes the files of the run that
     * was in it ({@link #OUTPUTS}).
     *
     * @throws IllegalArgumentException naming {@code --out}, the value and the reason if that fails (the
     *     parents it made are removed again)
     */
    void create() {
        Path absolute = path.toAbsolutePath();
        try {
            List<Path> missing = new ArrayList<>();
            for (Path p = absolute; p != null && !Files.exists(p); p = p.getParent()) {
                missing.add(0, p);
            }
            for (Path p : missing) {
                Files.createDirectory(p);
                created.add(p);
            }
        } catch (IOException e) {
            removeIfEmpty();
            throw new IllegalArgumentException("--out " + path + " cannot be created: " + reason(e), e);
        }
        if (overwrite) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(absolute)) {
                for (Path f : files) {
                    if (OUTPUTS.matches(f.getFileName()) && Files.isRegularFile(f)) {
                        Files.delete(f);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("--out " + path + ": cannot remove the previous run's files: "
                        + reason(e), e);
            }
        }
    }

    /**
     * After a run that failed before writing anything: removes the folders {@link #create()} made, innermost
     * first, as long as they are empty.
     */
    void removeIfEmpty() {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.delete(created.get(i));
            } catch (IOException e) {
                return; // not empty, or not ours to remove any more: leave it and its parents
            }
        }
        created.clear();
    }

    private static List<String> entries(Path dir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + dir + " cannot be read: " + reason(e), e);
        }
        names.sort(null);
        return names;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such folder: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return e.getMessage() + " is not a folder";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
