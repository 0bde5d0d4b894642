package org.spoc.testkit;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/** Real Apache Kafka and MongoDB in containers (Testcontainers 2.x), where a Docker engine answers. */
final class ContainerInfrastructure implements Infrastructure {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    static final String MONGO_IMAGE = "mongo:8.0";

    private final KafkaContainer kafka;
    private final MongoDBContainer mongo;

    private ContainerInfrastructure(KafkaContainer kafka, MongoDBContainer mongo) {
        this.kafka = kafka;
        this.mongo = mongo;
    }

    static ContainerInfrastructure start() {
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(
                System.getProperty("spoc.test.kafka-image", KAFKA_IMAGE)))
                .withEnv("KAFKA_NUM_PARTITIONS", String.valueOf(SpocInfrastructure.PARTITIONS));
        MongoDBContainer mongo = new MongoDBContainer(DockerImageName.parse(
                System.getProperty("spoc.test.mongo-image", MONGO_IMAGE)));
        try {
            kafka.start();
            mongo.start();
        }
        catch (RuntimeException ex) {
            kafka.stop();
            mongo.stop();
            throw ex;
        }
        return new ContainerInfrastructure(kafka, mongo);
    }

    @Override
    public SpocInfrastructure.Mode mode() {
        return SpocInfrastructure.Mode.CONTAINERS;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String mongoUri(String database) {
        // a single-node replica set: transactions and change streams work here, unlike the embedded store
        return "mongodb://" + mongo.getHost() + ":" + mongo.getMappedPort(27017) + "/" + database
                + "?directConnection=true";
    }

    @Override
    public void close() {
        try {
            kafka.stop();
        }
        finally {
            mongo.stop();
        }
    }
}
