package org.spoc.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.jspecify.annotations.Nullable;

/**
 * Unpacks a Spring Boot executable jar into {@code <home>/apps/<part>/}: the application's own
 * classes as {@code <part>.jar} (its manifest names the start class and lists {@code lib/*.jar} in
 * the fat jar's classpath order) and its libraries in {@code lib/}. Class data sharing cannot
 * archive classes loaded from jars nested in a fat jar, so a service started from the unpacked
 * jar starts about twice as fast from its second start on. Unpacked again only when the fat jar
 * changes.
 */
final class BootJars {

    private static final String CLASSES = "BOOT-INF/classes/";
    private static final String LIB = "BOOT-INF/lib/";

    private BootJars() {
    }

    /** The unpacked launch jar, or null when {@code jar} is not a Spring Boot executable jar. */
    static @Nullable Path unpacked(Path jar, Path target) throws IOException {
        String stamp = jar.toAbsolutePath() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
        Path launchJar = target.resolve(target.getFileName() + ".jar");
        Path stampFile = target.resolve("unpacked-from");
        if (Files.exists(launchJar) && Files.exists(stampFile) && Files.readString(stampFile).equals(stamp)) {
            return launchJar;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry manifestEntry = zip.getEntry("META-INF/MANIFEST.MF");
            if (manifestEntry == null) {
                return null;
            }
            Manifest fatManifest;
            try (InputStream in = zip.getInputStream(manifestEntry)) {
                fatManifest = new Manifest(in);
            }
            String startClass = fatManifest.getMainAttributes().getValue("Start-Class");
            if (startClass == null || zip.getEntry(CLASSES) == null && !hasEntryUnder(zip, CLASSES)) {
                return null;
            }
            deleteRecursively(target);
            Path lib = Files.createDirectories(target.resolve("lib"));
            List<String> libraries = new ArrayList<>();
            for (String library : classpathIndex(zip)) {
                ZipEntry entry = zip.getEntry(LIB + library);
                if (entry != null) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, lib.resolve(library), StandardCopyOption.REPLACE_EXISTING);
                    }
                    libraries.add("lib/" + library);
                }
            }
            Manifest manifest = new Manifest();
            Attributes attributes = manifest.getMainAttributes();
            attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            attributes.put(Attributes.Name.MAIN_CLASS, startClass);
            attributes.put(Attributes.Name.CLASS_PATH, String.join(" ", libraries));
            copyAttribute(fatManifest, manifest, Attributes.Name.IMPLEMENTATION_TITLE);
            copyAttribute(fatManifest, manifest, Attributes.Name.IMPLEMENTATION_VERSION);
            Path tmp = target.resolve(target.getFileName() + ".jar.tmp");
            try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (!name.startsWith(CLASSES) || name.equals(CLASSES)) {
                        continue;
                    }
                    JarEntry copy = new JarEntry(name.substring(CLASSES.length()));
                    copy.setTime(entry.getTime());
                    jarOut.putNextEntry(copy);
                    if (!entry.isDirectory()) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            in.transferTo(jarOut);
                        }
                    }
                    jarOut.closeEntry();
                }
            }
            Files.move(tmp, launchJar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.writeString(stampFile, stamp);
        return launchJar;
    }

    private static boolean hasEntryUnder(ZipFile zip, String prefix) {
        return zip.stream().anyMatch(entry -> entry.getName().startsWith(prefix));
    }

    /** The libraries in the order of {@code BOOT-INF/classpath.idx}, else in the jar's order. */
    private static List<String> classpathIndex(ZipFile zip) throws IOException {
        List<String> libraries = new ArrayList<>();
        ZipEntry index = zip.getEntry("BOOT-INF/classpath.idx");
        if (index != null) {
            try (InputStream in = zip.getInputStream(index)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String entry = line.strip();
                    if (entry.startsWith("- \"" + LIB) && entry.endsWith("\"")) {
                        libraries.add(entry.substring(3 + LIB.length(), entry.length() - 1));
                    }
                }
            }
        }
        if (libraries.isEmpty()) {
            zip.stream().map(ZipEntry::getName).filter(name -> name.startsWith(LIB) && name.endsWith(".jar"))
                    .map(name -> name.substring(LIB.length())).forEach(libraries::add);
        }
        return libraries;
    }

    private static void copyAttribute(Manifest from, Manifest to, Attributes.Name name) {
        String value = from.getMainAttributes().getValue(name);
        if (value != null) {
            to.getMainAttributes().put(name, value);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            Files.createDirectories(directory);
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(directory)) {
                    Files.delete(path);
                }
            }
        }
    }
}
