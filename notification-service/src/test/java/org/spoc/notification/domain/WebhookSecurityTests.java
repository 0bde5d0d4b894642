package org.spoc.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WebhookSecurityTests {

    final AtomicInteger lookups = new AtomicInteger();
    final SsrfGuard guard = new SsrfGuard(List.of(), host -> {
        lookups.incrementAndGet();
        return InetAddress.getAllByName(host);
    });

    @ParameterizedTest
    @ValueSource(strings = { "http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/",
            "http://172.16.0.9/", "http://192.168.1.1/", "http://100.64.0.1/", "http://169.254.169.254/latest/meta-data",
            "http://[fd00:ec2::254]/", "http://[::1]/", "http://[fe80::1]/", "http://0.0.0.0/", "http://224.0.0.1/",
            "http://[::ffff:10.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a00:1::]/", "http://2130706433/",
            "http://0x7f.1/" })
    void rejectsInternalAddresses(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(SsrfGuard.UnsafeUrlException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ftp://93.184.216.34/", "file:///etc/passwd", "gopher://93.184.216.34/",
            "http://user:pw@93.184.216.34/", "not a url", "http:///nohost" })
    void rejectsOtherSchemesCredentialsAndMalformedUrls(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(SsrfGuard.UnsafeUrlException.class);
    }

    @Test
    void acceptsPublicAddressesAndTheAllowList() {
        assertThatCode(() -> guard.check("https://93.184.216.34/hooks/spoc")).doesNotThrowAnyException();
        SsrfGuard local = new SsrfGuard(List.of("127.0.0.1", "10.20.0.0/16", "hooks.internal"), host -> {
            throw new java.net.UnknownHostException(host);
        });
        assertThatCode(() -> local.check("http://127.0.0.1:9999/hook")).doesNotThrowAnyException();
        assertThatCode(() -> local.check("http://hooks.internal/x")).doesNotThrowAnyException();
        assertThatThrownBy(() -> local.check("http://10.21.0.1/")).isInstanceOf(SsrfGuard.UnsafeUrlException.class);
    }

    @Test
    void rejectsAHostNameThatResolvesToAPrivateAddress() {
        SsrfGuard rebinding = new SsrfGuard(List.of(), host -> new InetAddress[] {
                InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.7") });

        assertThatThrownBy(() -> rebinding.check("https://innocent.example/hook"))
                .hasMessageContaining("10.0.0.7");
    }

    @Test
    void signsTimestampAndBodyAndVerifiesInConstantTime() {
        byte[] body = "{\"ticket\":1}".getBytes(StandardCharsets.UTF_8);
        Instant at = Instant.parse("2026-03-02T09:00:00Z");
        String header = WebhookSignature.header("s3cret", at, body);

        assertThat(header).matches("t=1772442000,v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify("s3cret", header, body, at.plusSeconds(10), Duration.ofMinutes(5))).isTrue();
        assertThat(WebhookSignature.verify("other", header, body, at, Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSignature.verify("s3cret", header, "{}".getBytes(), at, Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSignature.verify("s3cret", header, body, at.plusSeconds(600), Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookSignature.newSecret()).startsWith("whsec_").hasSizeGreaterThan(40)
                .isNotEqualTo(WebhookSignature.newSecret());
    }

    @Test
    void backsOffExponentiallyWithBoundedJitter() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(60), 0.2);
        SplittableRandom random = new SplittableRandom(7);

        assertThat(backoff.delay(1, random)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
        assertThat(backoff.delay(4, random)).isBetween(Duration.ofMillis(6400), Duration.ofMillis(9600));
        assertThat(backoff.delay(30, random)).isBetween(Duration.ofSeconds(48), Duration.ofSeconds(72));
        assertThat(new Backoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(60), 0).delay(3, random))
                .isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void matchesEventTypePatternsAndRejectsTypos() {
        assertThat(new EventTypePattern("spoc.ticket.*").matches("spoc.ticket.opened.v1")).isTrue();
        assertThat(new EventTypePattern("spoc.ticket.*").matches("spoc.sla.breached.v1")).isFalse();
        assertThat(new EventTypePattern("spoc.escalation.raised.v1").matches("spoc.escalation.raised.v1")).isTrue();
        assertThat(new EventTypePattern("*").matches("spoc.problem.detected.v1")).isTrue();
        assertThatThrownBy(() -> new EventTypePattern("spoc.tikcet.*")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventTypePattern("spoc.*.opened")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventTypePattern("$where")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void derivesTheSameIdForTheSameEventRecipientAndChannel() {
        assertThat(NotificationIds.notification("e1", "alice", Channel.IN_APP))
                .isEqualTo(NotificationIds.notification("e1", "alice", Channel.IN_APP))
                .isNotEqualTo(NotificationIds.notification("e1", "alice", Channel.EMAIL))
                .isNotEqualTo(NotificationIds.notification("e1", "bob", Channel.IN_APP))
                .hasSize(32);
        assertThat(NotificationIds.delivery("w1", "e1")).isNotEqualTo(NotificationIds.delivery("w1e", "1"));
    }
}
