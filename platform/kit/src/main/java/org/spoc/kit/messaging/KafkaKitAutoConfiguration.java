package org.spoc.kit.messaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.spoc.events.InvalidEventException;
import org.spoc.events.Topics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

import tools.jackson.core.JacksonException;

/**
 * Kafka the SPOC way: String keys and raw {@code byte[]} CloudEvents values (mapping is done by the
 * events module, never by a serializer that can fail before our code sees the record), an idempotent
 * {@code acks=all} producer, bounded retries then {@code <topic>.DLT}, observations (trace context in
 * headers), cooperative rebalancing, and every topic created at start.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.kafka.core.KafkaTemplate")
@EnableConfigurationProperties(KafkaKitProperties.class)
public class KafkaKitAutoConfiguration {

    /** The consumers' {@code fetch.max.wait.ms} unless {@code spring.kafka.consumer.fetch-max-wait} says otherwise. */
    static final int FETCH_MAX_WAIT_MS = 2_000;

    @Bean
    @ConditionalOnMissingBean(ProducerFactory.class)
    ProducerFactory<String, byte[]> spocProducerFactory(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new DefaultKafkaProducerFactory<>(config);
    }

    @Bean
    @ConditionalOnMissingBean(KafkaTemplate.class)
    KafkaTemplate<String, byte[]> spocKafkaTemplate(ProducerFactory<String, byte[]> producerFactory) {
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(producerFactory);
        template.setObservationEnabled(true);
        return template;
    }

    @Bean
    @ConditionalOnMissingBean(ConsumerFactory.class)
    ConsumerFactory<String, byte[]> spocConsumerFactory(KafkaProperties kafka, Environment environment) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // how long the broker holds a fetch that finds no record: one arriving answers it at once, so this is
        // not latency, it is how often an idle consumer asks again. An idle local stack (40-odd consumers) spent
        // 5.2 s of the broker's CPU a minute at Kafka's 0.5 s, 3.3 s at 2 s. Not longer: a consumer that closes
        // waits for its fetch in flight, so every stop takes up to this much longer
        config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        config.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, environment.getProperty("spring.application.name", "spoc"));
        // static membership when the pod name is known: calm rolling deploys
        String instance = environment.getProperty("SPOC_INSTANCE_ID");
        if (instance != null && !instance.isBlank()) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance);
        }
        return new DefaultKafkaConsumerFactory<>(config);
    }

    @Bean
    @ConditionalOnMissingBean(DefaultErrorHandler.class)
    DefaultErrorHandler spocErrorHandler(KafkaTemplate<String, byte[]> template, KafkaKitProperties properties) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, ex) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        KafkaKitProperties.Retry retry = properties.retry();
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.attempts());
        backOff.setInitialInterval(retry.initialInterval().toMillis());
        backOff.setMultiplier(retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(InvalidEventException.class, JacksonException.class,
                IllegalArgumentException.class);
        return handler;
    }

    @Bean(name = "kafkaListenerContainerFactory")
    @ConditionalOnMissingBean(name = "kafkaListenerContainerFactory")
    ConcurrentKafkaListenerContainerFactory<String, byte[]> kafkaListenerContainerFactory(
            ConsumerFactory<String, byte[]> consumerFactory, DefaultErrorHandler errorHandler,
            KafkaKitProperties properties) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setCommonErrorHandler(errorHandler);
        factory.setConcurrency(properties.concurrency());
        factory.getContainerProperties().setObservationEnabled(true);
        if (properties.commitInterval().isPositive()) {
            // the interval is checked when a poll returns: an idle consumer's poll must not outlast it by much
            ContainerProperties container = factory.getContainerProperties();
            container.setAckMode(ContainerProperties.AckMode.TIME);
            container.setAckTime(properties.commitInterval().toMillis());
            container.setPollTimeout(Math.min(container.getPollTimeout(), properties.commitInterval().toMillis()));
        }
        return factory;
    }

    @Bean
    KafkaAdmin.NewTopics spocTopics(KafkaKitProperties properties) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            topics.add(new NewTopic(topic, properties.partitions(), properties.replicationFactor()));
            topics.add(new NewTopic(Topics.deadLetter(topic), properties.partitions(), properties.replicationFactor()));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    @ConditionalOnMissingBean
    DeadLetterReplayer deadLetterReplayer(KafkaProperties kafka, KafkaTemplate<String, byte[]> template,
            Environment environment, ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
        return new DeadLetterReplayer(kafka.buildConsumerProperties(), template,
                environment.getProperty("spring.application.name", "spoc") + "-dlt-replay");
    }
}
