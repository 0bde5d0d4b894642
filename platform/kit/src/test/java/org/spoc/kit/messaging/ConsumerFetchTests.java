package org.spoc.kit.messaging;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.ConsumerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** How long the kit's consumers let the broker hold a fetch that finds nothing: 2 s unless configured. */
class ConsumerFetchTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaKitAutoConfiguration.class, KafkaAutoConfiguration.class))
            .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1", "spring.kafka.admin.auto-create=false");

    @Test
    void anIdleConsumerAsksTheBrokerEveryTwoSecondsByDefault() {
        runner.run(context -> assertThat(consumerConfig(context.getBean(ConsumerFactory.class)))
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 2_000));
    }

    @Test
    void theSpringKafkaSettingWins() {
        runner.withPropertyValues("spring.kafka.consumer.fetch-max-wait=300ms")
                .run(context -> assertThat(consumerConfig(context.getBean(ConsumerFactory.class)))
                        .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 300));
    }

    private static Map<String, Object> consumerConfig(ConsumerFactory<?, ?> factory) {
        return factory.getConfigurationProperties();
    }
}
