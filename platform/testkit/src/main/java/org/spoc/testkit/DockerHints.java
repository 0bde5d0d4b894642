package org.spoc.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Whether there is any sign of a Docker engine before asking Testcontainers, whose check loads a
 * Docker client and takes about two seconds on a busy machine. Without any sign (no
 * {@code DOCKER_HOST}, no Testcontainers configuration, none of the usual sockets of Docker, Docker
 * Desktop, Colima, Rancher Desktop or Podman) the answer is no at once; with one, Testcontainers
 * decides. A wrong "no" costs little: the embedded infrastructure runs everywhere.
 */
final class DockerHints {

    private static final List<String> VARIABLES = List.of("DOCKER_HOST", "TESTCONTAINERS_HOST_OVERRIDE",
            "TESTCONTAINERS_DOCKER_CLIENT_STRATEGY", "TC_CLOUD_TOKEN");

    private DockerHints() {
    }

    static boolean present() {
        return present(System.getenv(), System.getProperty("user.home", ""), System.getProperty("os.name", ""),
                path -> Files.exists(Path.of(path)));
    }

    static boolean present(Map<String, String> env, String home, String os, Predicate<String> exists) {
        if (os.startsWith("Windows")) {
            return true; // named pipes: let Testcontainers look
        }
        for (String variable : VARIABLES) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return true;
            }
        }
        return candidates(env, home).stream().anyMatch(exists);
    }

    private static List<String> candidates(Map<String, String> env, String home) {
        List<String> paths = new ArrayList<>(List.of(
                "/var/run/docker.sock",
                "/run/docker.sock",
                "/run/podman/podman.sock",
                home + "/.testcontainers.properties",
                home + "/.docker/run/docker.sock",
                home + "/.docker/desktop/docker.sock",
                home + "/.colima/default/docker.sock",
                home + "/.colima/docker.sock",
                home + "/.rd/docker.sock",
                home + "/.local/share/containers/podman/machine/podman.sock"));
        @Nullable String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            paths.add(runtime + "/docker.sock");
            paths.add(runtime + "/podman/podman.sock");
        }
        return paths;
    }
}
