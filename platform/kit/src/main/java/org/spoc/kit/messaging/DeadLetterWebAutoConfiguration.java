package org.spoc.kit.messaging;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;

/** The admin endpoint that replays dead letters, in servlet services that use Kafka. */
@AutoConfiguration(after = KafkaKitAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBean(DeadLetterReplayer.class)
public class DeadLetterWebAutoConfiguration {

    @Bean
    DeadLetterController deadLetterController(DeadLetterReplayer replayer) {
        return new DeadLetterController(replayer);
    }
}
