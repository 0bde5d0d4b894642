package org.spoc.notification.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.spoc.notification.domain.Channel;
import org.spoc.notification.domain.Notification;
import org.spoc.notification.domain.NotificationKind;
import org.spoc.notification.domain.WebhookDelivery;

class MailTemplatesTests {

    static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    static Notification mail(String title, String text) {
        return new Notification("n1", "alice", Channel.EMAIL, NotificationKind.PUBLIC_COMMENT, "t1", "INC0000001",
                title, text, List.of("e1"), "spoc.ticket.commented.v1", NOW, NOW, 0, null, "alice@spoc.local",
                Notification.EmailState.PENDING, NOW, 0, null, null);
    }

    @Test
    void escapesTicketTextInHtmlAndKeepsItVerbatimInPlainText() {
        MailTemplates.Rendered rendered = new MailTemplates().single(
                mail("New comment on INC0000001", "<script>alert(1)</script> & <a href=\"x\">click</a>"));

        assertThat(rendered.subject()).isEqualTo("New comment on INC0000001");
        assertThat(rendered.html()).doesNotContain("<script>").doesNotContain("<a href")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;a href=&quot;x&quot;&gt;");
        assertThat(rendered.text()).contains("<script>alert(1)</script>").contains("Hello alice")
                .contains("Reference: INC0000001");
    }

    @Test
    void listsEveryHeldNotificationInTheDigest() {
        MailTemplates.Rendered digest = new MailTemplates().digest("alice",
                List.of(mail("First <b>", "one"), mail("Second", "two\nlines")));

        assertThat(digest.subject()).isEqualTo("Your SPOC digest: 2 notifications");
        assertThat(digest.text()).contains("* First <b>").contains("* Second").contains("two\n  lines");
        assertThat(digest.html()).contains("First &lt;b&gt;").doesNotContain("First <b>");
    }

    @Test
    void countsOnlySignsOfASickEndpointAgainstTheBreaker() {
        assertThat(WebhookWorker.endpointFailure(attempt(null, "ConnectException"))).isTrue();
        assertThat(WebhookWorker.endpointFailure(attempt(503, "HTTP 503"))).isTrue();
        assertThat(WebhookWorker.endpointFailure(attempt(429, "HTTP 429"))).isTrue();
        assertThat(WebhookWorker.endpointFailure(attempt(302, "HTTP 302 (redirects are not followed)"))).isTrue();
        assertThat(WebhookWorker.endpointFailure(attempt(422, "HTTP 422"))).isFalse();
        assertThat(WebhookWorker.endpointFailure(attempt(404, "HTTP 404"))).isFalse();
    }

    static WebhookDelivery.Attempt attempt(Integer status, String error) {
        return new WebhookDelivery.Attempt(1, NOW, status, 12, error);
    }
}
