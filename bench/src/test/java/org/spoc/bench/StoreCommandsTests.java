package org.spoc.bench;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The store commands a service sent, as its Prometheus text gives them, and their difference per ticket. */
class StoreCommandsTests {

    private static final String BEFORE = """
            # HELP mongodb_driver_commands_seconds Timer of mongodb commands
            # TYPE mongodb_driver_commands_seconds summary
            mongodb_driver_commands_seconds_count{application="ticket-service",cluster_id="c1",collection="tickets",command="find",server_address="127.0.0.1:27017",status="SUCCESS"} 10
            mongodb_driver_commands_seconds_sum{application="ticket-service",cluster_id="c1",collection="tickets",command="find",server_address="127.0.0.1:27017",status="SUCCESS"} 0.5
            mongodb_driver_commands_seconds_count{application="ticket-service",cluster_id="c1",collection="tickets",command="update",server_address="127.0.0.1:27017",status="SUCCESS"} 4.0
            mongodb_driver_commands_seconds_count{application="ticket-service",cluster_id="c1",collection="tickets",command="update",server_address="127.0.0.1:27017",status="FAILED"} 1.0
            jvm_threads_live_threads{application="ticket-service"} 40
            """;

    @Test
    void countsEachCommandAndCollectionWhateverItsStatus() {
        assertThat(StoreCommands.parse(BEFORE)).containsExactly(Map.entry("find tickets", 10.0),
                Map.entry("update tickets", 5.0));
    }

    @Test
    void answersWhatWasSentBetweenTwoReadingsPerTicket() {
        String after = BEFORE.replace("status=\"SUCCESS\"} 10", "status=\"SUCCESS\"} 30")
                .replace("status=\"SUCCESS\"} 4.0", "status=\"SUCCESS\"} 4.0\n"
                        + "mongodb_driver_commands_seconds_count{collection=\"tickets\",command=\"findAndModify\"} 5");
        Map<String, Map<String, Double>> perTicket = StoreCommands.perTicket(
                Map.of("ticket-service", StoreCommands.parse(BEFORE)),
                Map.of("ticket-service", StoreCommands.parse(after), "gateway", Map.of("find x", 3.0)), 10);

        assertThat(perTicket).containsOnlyKeys("ticket-service");
        assertThat(perTicket.get("ticket-service")).containsExactly(Map.entry("find tickets", 2.0),
                Map.entry("findAndModify tickets", 0.5));
    }
}
