package org.spoc.testkit;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.spoc.testkit.SpocInfrastructure.Mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpocInfrastructureTests {

    private final List<Boolean> dockerAsked = new ArrayList<>();

    @Test
    void usesContainersWhereADockerEngineAnswers() {
        assertThat(SpocInfrastructure.chooseMode(null, docker(true))).isEqualTo(Mode.CONTAINERS);
        assertThat(SpocInfrastructure.chooseMode("auto", docker(true))).isEqualTo(Mode.CONTAINERS);
    }

    @Test
    void runsEmbeddedWhereNoDockerEngineAnswers() {
        assertThat(SpocInfrastructure.chooseMode("", docker(false))).isEqualTo(Mode.EMBEDDED);
    }

    @Test
    void runsEmbeddedWhenForcedWithoutAskingDocker() {
        assertThat(SpocInfrastructure.chooseMode(" Embedded ", docker(true))).isEqualTo(Mode.EMBEDDED);
        assertThat(dockerAsked).isEmpty();
    }

    @Test
    void refusesForcedContainersWithoutADockerEngine() {
        assertThatThrownBy(() -> SpocInfrastructure.chooseMode("containers", docker(false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SPOC_TEST_INFRA=containers but no Docker engine answers");
        assertThat(SpocInfrastructure.chooseMode("CONTAINERS", docker(true))).isEqualTo(Mode.CONTAINERS);
    }

    @Test
    void rejectsUnknownModes() {
        assertThatThrownBy(() -> SpocInfrastructure.chooseMode("kubernetes", docker(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embedded, containers or auto").hasMessageContaining("kubernetes");
    }

    private java.util.function.Predicate<Boolean> docker(boolean answers) {
        return forced -> {
            dockerAsked.add(forced);
            return answers;
        };
    }
}
