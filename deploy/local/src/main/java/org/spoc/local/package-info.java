/**
 * The embedded local stack: a KRaft Kafka broker, a durable Mongo-wire store, the development
 * identity provider, and the launcher that runs them and the services, each as its own JVM.
 */
@NullMarked
package org.spoc.local;

import org.jspecify.annotations.NullMarked;
