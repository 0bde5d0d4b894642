package org.spoc.local;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Class data sharing refuses a classpath with a non-empty directory ("Cannot have non-empty
 * directory in paths"), and {@code ./spoc} runs from {@code deploy/local/target/classes}. This
 * packs each such directory into a jar under {@code <home>/cds/}, rewritten only when the
 * directory's content changes (a rewritten jar would invalidate the archive at every start).
 */
final class ClasspathJars {

    private ClasspathJars() {
    }

    static String withDirectoriesAsJars(String classpath, Path folder) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            entries.add(Files.isDirectory(path) && !isEmpty(path) ? jarOf(path, folder).toString() : entry);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.findAny().isEmpty();
        }
    }

    private static Path jarOf(Path directory, Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        StringBuilder listing = new StringBuilder();
        for (Path file : files) {
            listing.append(directory.relativize(file)).append(' ').append(Files.size(file)).append(' ')
                    .append(Files.getLastModifiedTime(file).toMillis()).append('\n');
        }
        Files.createDirectories(folder);
        String name = sha256(directory.toAbsolutePath().toString()).substring(0, 12);
        Path jar = folder.resolve("classes-" + name + ".jar");
        Path stamp = folder.resolve("classes-" + name + ".stamp");
        String digest = sha256(listing.toString());
        if (Files.exists(jar) && Files.exists(stamp) && Files.readString(stamp).equals(digest)) {
            return jar;
        }
        Path tmp = folder.resolve("classes-" + name + ".jar.tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jarOut = new JarOutputStream(out)) {
            for (Path file : files) {
                JarEntry entry = new JarEntry(directory.relativize(file).toString().replace(File.separatorChar, '/'));
                entry.setTime(Files.getLastModifiedTime(file).toMillis());
                jarOut.putNextEntry(entry);
                Files.copy(file, jarOut);
                jarOut.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(stamp, digest);
        return jar;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
