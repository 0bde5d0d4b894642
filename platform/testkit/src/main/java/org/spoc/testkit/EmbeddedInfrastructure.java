package org.spoc.testkit;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Kafka's own KRaft server inside this JVM and the in-memory Mongo-wire store, both bound to
 * 127.0.0.1 on free ports.
 */
final class EmbeddedInfrastructure implements Infrastructure {

    private static final String LOOPBACK = "127.0.0.1";

    private final EmbeddedKafka kafka;
    private final MongoServer mongo;
    private final String mongoServer;

    private EmbeddedInfrastructure(EmbeddedKafka kafka, MongoServer mongo, String mongoServer) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.mongoServer = mongoServer;
    }

    static EmbeddedInfrastructure start() {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.bind(LOOPBACK, 0);
        String mongoServer = "mongodb://" + LOOPBACK + ":" + mongo.getLocalAddress().getPort();
        try {
            return new EmbeddedInfrastructure(EmbeddedKafka.start(SpocInfrastructure.PARTITIONS), mongo, mongoServer);
        }
        catch (RuntimeException | Error ex) {
            mongo.shutdownNow();
            throw ex;
        }
    }

    @Override
    public SpocInfrastructure.Mode mode() {
        return SpocInfrastructure.Mode.EMBEDDED;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String mongoUri(String database) {
        return mongoServer + "/" + database;
    }

    @Override
    public void close() {
        try {
            kafka.close();
        }
        finally {
            mongo.shutdownNow();
        }
    }
}
