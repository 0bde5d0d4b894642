package org.spoc.gateway.edge;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.spoc.gateway.config.GatewayProperties.Bucket;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketsTests {

    private final AtomicLong nanos = new AtomicLong();
    private final TokenBuckets buckets = new TokenBuckets(new Bucket(3, 0.5), nanos::get);

    @Test
    void allowsABurstUpToCapacityThenAsksToWaitForTheNextToken() {
        assertThat(buckets.take("u").allowed()).isTrue();
        assertThat(buckets.take("u").allowed()).isTrue();
        assertThat(buckets.take("u").allowed()).isTrue();
        TokenBuckets.Decision denied = buckets.take("u");
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.retryAfterSeconds()).isEqualTo(2); // one token per 2 s
        assertThat(buckets.take("other").allowed()).isTrue();
    }

    @Test
    void refillsOverTimeButNeverBeyondCapacity() {
        for (int i = 0; i < 3; i++) {
            buckets.take("u");
        }
        nanos.addAndGet(2_000_000_000L);
        assertThat(buckets.take("u").allowed()).isTrue();
        assertThat(buckets.take("u").allowed()).isFalse();
        nanos.addAndGet(3_600_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("u").allowed()).isTrue();
        }
        assertThat(buckets.take("u").allowed()).isFalse();
    }
}
