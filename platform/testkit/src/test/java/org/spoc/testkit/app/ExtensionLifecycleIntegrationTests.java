package org.spoc.testkit.app;

import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.spoc.testkit.SpocInfrastructure;
import org.spoc.testkit.SpocIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs probe test classes through the JUnit launcher, with the system properties removed first, to
 * show that the extension publishes them before a Spring context loads (whatever the annotation
 * order or test-instance lifecycle) and that it cleans the store after a class.
 */
@SpocIntegrationTest
class ExtensionLifecycleIntegrationTests {

    static final String PROBING = "spoc.testkit.probing";
    static final List<String> PROPERTIES = List.of("spring.kafka.bootstrap-servers", "spring.mongodb.uri",
            "spoc.security.jwk-set-uri", "spoc.security.issuer", "spoc.security.audience");
    static final String PROBE_COLLECTION = "testkit_probe";

    @BeforeEach
    @AfterEach
    void clearProbeCollection() {
        SpocInfrastructure.database().getCollection(PROBE_COLLECTION).deleteMany(new Document());
    }

    @Test
    void setsPropertiesBeforeASpringContextDeclaredFirstLoads() {
        TestExecutionSummary summary = runWithoutProperties(SpringDeclaredFirstProbe.class);

        assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(1);
    }

    @Test
    void setsPropertiesBeforeAPerClassTestInstanceAndItsContextAreMade() {
        TestExecutionSummary summary = runWithoutProperties(PerClassProbe.class);

        assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(1);
    }

    @Test
    void aSpringTestWithoutTheExtensionDoesNotSeeTheInfrastructure() {
        TestExecutionSummary summary = runWithoutProperties(WithoutExtensionProbe.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().getFirst().getException()).hasMessageContaining("spring.kafka.bootstrap-servers");
    }

    @Test
    void cleansTheStoreAfterATestClassButKeepsIndexes() {
        TestExecutionSummary summary = run(StoreWritingProbe.class);

        assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(1);
        MongoCollection<Document> probe = SpocInfrastructure.database().getCollection(PROBE_COLLECTION);
        assertThat(probe.countDocuments()).isZero();
        assertThat(probe.listIndexes()).extracting(index -> index.getString("name")).contains("probe_key");
    }

    private static TestExecutionSummary runWithoutProperties(Class<?> probe) {
        PROPERTIES.forEach(System::clearProperty);
        try {
            return run(probe);
        }
        finally {
            // this class's other tests need them again
            restoreProperties();
        }
    }

    private static void restoreProperties() {
        System.setProperty("spring.kafka.bootstrap-servers", SpocInfrastructure.kafkaBootstrapServers());
        System.setProperty("spring.mongodb.uri", SpocInfrastructure.mongoUri());
        System.setProperty("spoc.security.jwk-set-uri", SpocInfrastructure.jwkSetUri());
        System.setProperty("spoc.security.issuer", SpocInfrastructure.issuer());
        System.setProperty("spoc.security.audience", "spoc");
    }

    private static TestExecutionSummary run(Class<?> probe) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(probe))
                .configurationParameter(PROBING, "true")
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    private static String failures(TestExecutionSummary summary) {
        StringBuilder text = new StringBuilder("probe failures:");
        summary.getFailures().forEach(f -> text.append("\n").append(f.getTestIdentifier().getDisplayName())
                .append(": ").append(f.getException()));
        return text.toString();
    }

    static boolean probing(ExtensionContext context) {
        return context.getConfigurationParameter(PROBING).map(Boolean::parseBoolean).orElse(false);
    }

    static void assertSeesInfrastructure(Environment environment) {
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers"))
                .as("spring.kafka.bootstrap-servers").isEqualTo(SpocInfrastructure.kafkaBootstrapServers());
        assertThat(environment.getProperty("spring.mongodb.uri")).as("spring.mongodb.uri")
                .isEqualTo(SpocInfrastructure.mongoUri());
        assertThat(environment.getProperty("spoc.security.jwk-set-uri")).as("spoc.security.jwk-set-uri")
                .isEqualTo(SpocInfrastructure.jwkSetUri());
        assertThat(environment.getProperty("spoc.security.issuer")).as("spoc.security.issuer")
                .isEqualTo(SpocInfrastructure.issuer());
    }

    // each probe has its own context configuration (properties), so no cached context can stand in for it

    @SpringBootTest(classes = TestkitApplication.class, properties = "testkit.probe=spring-first")
    @SpocIntegrationTest
    @EnabledIf("org.spoc.testkit.app.ExtensionLifecycleIntegrationTests#probing")
    static class SpringDeclaredFirstProbe {

        @Autowired
        Environment environment;

        @Test
        void seesTheInfrastructure() {
            assertSeesInfrastructure(environment);
        }
    }

    @SpringBootTest(classes = TestkitApplication.class, properties = "testkit.probe=per-class")
    @SpocIntegrationTest
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @EnabledIf("org.spoc.testkit.app.ExtensionLifecycleIntegrationTests#probing")
    static class PerClassProbe {

        // a PER_CLASS instance is constructed before beforeAll callbacks run
        final @Nullable String kafkaAtConstruction = System.getProperty("spring.kafka.bootstrap-servers");

        @Autowired
        Environment environment;

        @Test
        void seesTheInfrastructure() {
            assertThat(kafkaAtConstruction).as("spring.kafka.bootstrap-servers when the instance was made")
                    .isEqualTo(SpocInfrastructure.kafkaBootstrapServers());
            assertSeesInfrastructure(environment);
        }
    }

    @SpringBootTest(classes = TestkitApplication.class, properties = "testkit.probe=without-extension")
    @EnabledIf("org.spoc.testkit.app.ExtensionLifecycleIntegrationTests#probing")
    static class WithoutExtensionProbe {

        @Autowired
        Environment environment;

        @Test
        void seesTheInfrastructure() {
            assertSeesInfrastructure(environment);
        }
    }

    @SpocIntegrationTest
    @EnabledIf("org.spoc.testkit.app.ExtensionLifecycleIntegrationTests#probing")
    static class StoreWritingProbe {

        @Test
        void writesDocuments() {
            MongoCollection<Document> probe = SpocInfrastructure.database().getCollection(PROBE_COLLECTION);
            probe.createIndex(Indexes.ascending("key"), new IndexOptions().name("probe_key"));
            probe.insertOne(new Document("key", UUID.randomUUID().toString()));
            assertThat(probe.countDocuments()).isEqualTo(1);
        }
    }
}
