package org.spoc.notification.config;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.time.Clock;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spoc.kit.outbox.OutboxCollections;
import org.spoc.notification.domain.Directory;
import org.spoc.notification.domain.NotificationMetrics;
import org.spoc.notification.domain.NotificationRules;
import org.spoc.notification.domain.NotificationService;
import org.spoc.notification.domain.NotificationStore;
import org.spoc.notification.domain.PreferenceStore;
import org.spoc.notification.domain.SsrfGuard;
import org.spoc.notification.domain.WebhookDeliveryStore;
import org.spoc.notification.domain.WebhookFanOut;
import org.spoc.notification.domain.WebhookStore;
import org.spoc.notification.messaging.EmailWorker;
import org.spoc.notification.messaging.MailTemplates;
import org.spoc.notification.messaging.WebhookWorker;
import org.spoc.notification.web.NotificationStream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.mail.javamail.JavaMailSender;

/** Wires the domain, the channels and their resilience from {@link NotificationProperties}. */
@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NotificationConfiguration.class);

    @Bean
    OutboxCollections outboxCollections() {
        return OutboxCollections.of(NotificationStore.COLLECTION, WebhookDeliveryStore.COLLECTION);
    }

    @Bean
    Directory directory(NotificationProperties properties) {
        return properties.directory().toDirectory();
    }

    @Bean
    NotificationStore notificationStore(MongoTemplate mongo) {
        NotificationStore store = new NotificationStore(mongo);
        store.createIndexes();
        return store;
    }

    @Bean
    PreferenceStore preferenceStore(MongoTemplate mongo, NotificationProperties properties, Directory directory,
            Clock clock) {
        return new PreferenceStore(mongo, properties.defaults().toTemplate(), directory, clock, properties.cacheTtl());
    }

    @Bean
    WebhookStore webhookStore(MongoTemplate mongo, Clock clock, NotificationProperties properties) {
        return new WebhookStore(mongo, clock, properties.cacheTtl());
    }

    @Bean
    WebhookDeliveryStore webhookDeliveryStore(MongoTemplate mongo) {
        WebhookDeliveryStore store = new WebhookDeliveryStore(mongo);
        store.createIndexes();
        return store;
    }

    @Bean
    NotificationMetrics notificationMetrics(MeterRegistry registry) {
        return new NotificationMetrics(registry);
    }

    @Bean
    NotificationStream notificationStream(NotificationStore store, NotificationProperties properties) {
        return new NotificationStream(store, properties.stream());
    }

    @Bean
    NotificationService notificationService(NotificationProperties properties, Directory directory,
            PreferenceStore preferences, NotificationStore store, Clock clock, NotificationStream stream,
            NotificationMetrics metrics) {
        return new NotificationService(new NotificationRules(directory, properties.disabledKinds()), preferences,
                store, directory, clock, properties.maxEventAge(), stream, metrics, properties.mail().enabled());
    }

    @Bean
    WebhookFanOut webhookFanOut(WebhookStore webhooks, WebhookDeliveryStore deliveries, Clock clock,
            NotificationProperties properties) {
        return new WebhookFanOut(webhooks, deliveries, clock, properties.webhooks().retryFor());
    }

    @Bean
    SsrfGuard ssrfGuard(NotificationProperties properties) {
        return new SsrfGuard(properties.webhooks().allowedHosts(), InetAddress::getAllByName);
    }

    @Bean
    CircuitBreakerRegistry webhookCircuitBreakers(NotificationProperties properties, Clock clock,
            MeterRegistry meters) {
        NotificationProperties.Breaker b = properties.webhooks().breaker();
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(b.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(b.slidingWindow())
                .minimumNumberOfCalls(b.minimumCalls())
                .waitDurationInOpenState(b.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(b.halfOpenCalls())
                .clock(clock)
                .build());
        registry.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
                .onStateTransition(e -> log.info("webhook {} circuit breaker {}", e.getCircuitBreakerName(),
                        e.getStateTransition())));
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    BulkheadRegistry webhookBulkheads(NotificationProperties properties, MeterRegistry meters) {
        BulkheadRegistry registry = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(properties.webhooks().maxConcurrentPerEndpoint())
                .maxWaitDuration(java.time.Duration.ZERO)
                .build());
        TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    WebhookWorker webhookWorker(WebhookStore webhooks, WebhookDeliveryStore deliveries, SsrfGuard guard,
            CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, NotificationProperties properties,
            Clock clock, NotificationMetrics metrics) {
        NotificationProperties.Webhooks settings = properties.webhooks();
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
        return new WebhookWorker(webhooks, deliveries, guard, http, breakers, bulkheads, settings, clock, metrics);
    }

    @Bean
    MailTemplates mailTemplates() {
        return new MailTemplates();
    }

    @Bean
    @ConditionalOnProperty(name = "spoc.notification.mail.enabled", havingValue = "true", matchIfMissing = true)
    EmailWorker emailWorker(NotificationStore store, PreferenceStore preferences, Directory directory,
            JavaMailSender mail, MailTemplates templates, NotificationProperties properties, Clock clock,
            NotificationMetrics metrics) {
        return new EmailWorker(store, preferences, directory, mail, templates, properties.mail(), clock, metrics);
    }
}
