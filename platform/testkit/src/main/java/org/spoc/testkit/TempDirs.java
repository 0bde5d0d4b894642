package org.spoc.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary folders tests make (a broker's log directory, a platform's home, a browser profile), removed when done. */
public final class TempDirs {

    private TempDirs() {
    }

    /** Deletes {@code dir} and everything in it; what cannot be deleted stays (a leftover is harmless). */
    public static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
        catch (IOException | UncheckedIOException ex) {
            // left behind in the temporary folder: the OS cleans what is left
        }
    }
}
