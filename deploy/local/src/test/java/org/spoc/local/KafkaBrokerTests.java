package org.spoc.local;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaBrokerTests {

    @Test
    void configuresOneKraftNodeOnLoopbackWithItsControllerOnTheNextPort() throws Exception {
        Properties config = new Properties();
        config.load(new StringReader(KafkaBroker.serverProperties(19092, Path.of("/data/kafka"), 6)));

        assertThat(config).containsEntry("process.roles", "broker,controller").containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("log.dirs", "/data/kafka").containsEntry("num.partitions", "6")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("default.replication.factor", "1")
                .as("the log cleaner's dedupe map, held on the broker's heap from the start")
                .containsEntry("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
    }

    @Test
    void acceptsPartNamesAsModulesOrShortNames() {
        assertThat(Part.of("ticket-service")).isEqualTo(Part.TICKET);
        assertThat(Part.of(" TICKET ")).isEqualTo(Part.TICKET);
        assertThat(Part.of("kafka")).isEqualTo(Part.KAFKA);
        assertThatThrownBy(() -> Part.of("tickets")).hasMessageContaining("unknown part 'tickets'")
                .hasMessageContaining("notification-service");
    }

    @Test
    void parsesOptionsWithOrWithoutEqualsSign() {
        Args args = Args.parse(new String[] { "--port", "9092", "--data=/tmp/x", "--free-ports" });

        assertThat(args.intValue("port", 0)).isEqualTo(9092);
        assertThat(args.value("data", "")).isEqualTo("/tmp/x");
        assertThat(args.values()).containsEntry("free-ports", "true");
        assertThatThrownBy(() -> Args.parse(new String[] { "--port", "x" }).intValue("port", 0))
                .hasMessageContaining("--port must be a number");
    }
}
