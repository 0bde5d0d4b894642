package org.spoc.kit.messaging;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the kit's listeners talk to the broker: offsets committed on an interval by default (per poll on
 * request), and how long the broker may hold a fetch that finds nothing (2 s unless configured).
 */
class ListenerSettingsTests {

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

    @Test
    void anIdleConsumerAsksTheBrokerEveryTwoSecondsByDefault() {
        runner.run(context -> assertThat(context.getBean(ConsumerFactory.class).getConfigurationProperties())
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 2_000));
    }

    @Test
    void theSpringKafkaFetchWaitSettingWins() {
        runner.withPropertyValues("spring.kafka.consumer.fetch-max-wait=300ms")
                .run(context -> assertThat(context.getBean(ConsumerFactory.class).getConfigurationProperties())
                        .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 300));
    }

    private static ContainerProperties containerOf(Object factory) {
        return ((ConcurrentKafkaListenerContainerFactory<?, ?>) factory).getContainerProperties();
    }
}
