package org.spoc.kit.messaging;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

import static org.assertj.core.api.Assertions.assertThat;

/** How often the kit's listener containers commit offsets: on an interval by default, per poll on request. */
class ListenerCommitsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaKitAutoConfiguration.class, KafkaAutoConfiguration.class))
            .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1", "spring.kafka.admin.auto-create=false");

    @Test
    void commitsTheHandledOffsetsOnceASecondByDefault() {
        runner.run(context -> {
            ContainerProperties container = containerOf(context.getBean("kafkaListenerContainerFactory"));
            assertThat(container.getAckMode()).isEqualTo(AckMode.TIME);
            assertThat(container.getAckTime()).isEqualTo(1_000);
            assertThat(container.getPollTimeout()).isLessThanOrEqualTo(1_000);
        });
    }

    @Test
    void aZeroIntervalCommitsAfterEveryPoll() {
        runner.withPropertyValues("spoc.kafka.commit-interval=0s").run(context -> {
            ContainerProperties container = containerOf(context.getBean("kafkaListenerContainerFactory"));
            assertThat(container.getAckMode()).isEqualTo(AckMode.BATCH);
        });
    }

    private static ContainerProperties containerOf(Object factory) {
        return ((ConcurrentKafkaListenerContainerFactory<?, ?>) factory).getContainerProperties();
    }
}
