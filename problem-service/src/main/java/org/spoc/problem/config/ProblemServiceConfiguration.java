package org.spoc.problem.config;

import java.time.Clock;

import org.apache.kafka.clients.admin.NewTopic;
import org.spoc.events.Topics;
import org.spoc.kit.messaging.VersionedUpserts;
import org.spoc.kit.outbox.OutboxCollections;
import org.spoc.problem.domain.ProblemService;
import org.spoc.problem.domain.detection.Detector;
import org.spoc.problem.messaging.DetectionTopic;
import org.spoc.problem.store.DetectionSettingsStore;
import org.spoc.problem.store.MongoDetectionStore;
import org.spoc.problem.store.MongoProblemRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ProblemServiceConfiguration {

    @Bean
    OutboxCollections outboxCollections() {
        return OutboxCollections.of(MongoProblemRepository.COLLECTION, MongoProblemRepository.MAJOR_INCIDENTS);
    }

    /** The internal detection topic: one partition, so that all incidents meet in one place. */
    @Bean
    KafkaAdmin.NewTopics detectionTopics() {
        return new KafkaAdmin.NewTopics(new NewTopic(DetectionTopic.NAME, 1, (short) 1),
                new NewTopic(Topics.deadLetter(DetectionTopic.NAME), 1, (short) 1));
    }

    @Bean
    MongoProblemRepository problemRepository(MongoTemplate mongo, VersionedUpserts links) {
        MongoProblemRepository repository = new MongoProblemRepository(mongo, links);
        repository.createIndexes();
        repository.migrateEmbeddedIncidents();
        return repository;
    }

    /** Writes the term increments still gathered when the service stops (after its listeners stopped). */
    @Bean(destroyMethod = "flushTerms")
    MongoDetectionStore detectionStore(MongoTemplate mongo, Clock clock) {
        MongoDetectionStore store = new MongoDetectionStore(mongo, clock);
        store.createIndexes();
        return store;
    }

    @Bean
    DetectionSettingsStore detectionSettings(MongoTemplate mongo, DetectionProperties properties, Clock clock) {
        return new DetectionSettingsStore(mongo, properties.toSettings(), clock);
    }

    @Bean
    Detector detector(DetectionSettingsStore settings, DetectionProperties properties, MongoDetectionStore store,
            Clock clock) {
        return new Detector(settings::current, properties.toLimits(), store, clock);
    }

    @Bean
    ProblemService problemService(MongoProblemRepository problems, MongoDetectionStore detection, Detector detector,
            Clock clock) {
        return new ProblemService(problems, detection, detector, clock);
    }
}
