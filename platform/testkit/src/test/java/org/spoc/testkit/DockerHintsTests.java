package org.spoc.testkit;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DockerHintsTests {

    @Test
    void seesNoEngineWithoutVariablesConfigurationOrSockets() {
        assertThat(DockerHints.present(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), "/home/dev", "Linux",
                path -> false)).isFalse();
    }

    @Test
    void letsTestcontainersDecideWhenDockerHostIsSet() {
        assertThat(DockerHints.present(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2375"), "/home/dev", "Linux",
                path -> false)).isTrue();
    }

    @Test
    void letsTestcontainersDecideWhenASocketExists() {
        assertThat(DockerHints.present(Map.of(), "/home/dev", "Linux", Set.of("/var/run/docker.sock")::contains))
                .isTrue();
        assertThat(DockerHints.present(Map.of(), "/Users/dev", "Mac OS X",
                Set.of("/Users/dev/.docker/run/docker.sock")::contains)).isTrue();
        assertThat(DockerHints.present(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), "/home/dev", "Linux",
                Set.of("/run/user/1000/podman/podman.sock")::contains)).isTrue();
    }

    @Test
    void letsTestcontainersDecideWhenItIsConfigured() {
        assertThat(DockerHints.present(Map.of(), "/home/dev", "Linux",
                Set.of("/home/dev/.testcontainers.properties")::contains)).isTrue();
    }

    @Test
    void letsTestcontainersDecideOnWindows() {
        assertThat(DockerHints.present(Map.of(), "C:\\Users\\dev", "Windows 11", path -> false)).isTrue();
    }
}
