package org.spoc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures were measured on: cores, memory, CPU, JDK, OS. */
record Machine(int cores, long memoryMiB, String cpu, String jdk, String os) {

    static Machine describe() {
        return new Machine(Runtime.getRuntime().availableProcessors(), memTotalMiB(), cpuModel(),
                System.getProperty("java.vm.vendor") + " " + Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    String summary() {
        return "%d cores (%s), %,d MiB memory, JDK %s, %s".formatted(cores, cpu, memoryMiB, jdk, os);
    }

    private static long memTotalMiB() {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    private static String cpuModel() {
        for (String line : lines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "unknown CPU";
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        }
        catch (IOException | RuntimeException ex) {
            return List.of();
        }
    }
}
