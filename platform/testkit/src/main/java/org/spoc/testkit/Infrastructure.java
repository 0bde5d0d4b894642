package org.spoc.testkit;

/** A running Kafka broker and MongoDB(-wire) store. */
interface Infrastructure extends AutoCloseable {

    SpocInfrastructure.Mode mode();

    String kafkaBootstrapServers();

    /** The connection string of {@code database}, for example {@code mongodb://127.0.0.1:27017/spoc-test}. */
    String mongoUri(String database);

    @Override
    void close();
}
