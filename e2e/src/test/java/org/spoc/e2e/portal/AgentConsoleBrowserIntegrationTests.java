package org.spoc.e2e.portal;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spoc.e2e.Platform;
import tools.jackson.databind.JsonNode;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An agent works the queue in the console and escalates a ticket with a reason. */
class AgentConsoleBrowserIntegrationTests {

    private static Browser browser;

    @BeforeAll
    static void start() {
        Platform.stack();
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void agentEscalatesATicketFromTheConsole() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = Platform.post("/api/tickets", "bob", Map.of("type", "INCIDENT",
                "title", "VPN drops every few minutes " + marker, "description", "Since the update the VPN client disconnects.",
                "impact", "MEDIUM", "urgency", "HIGH"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode ticket = Platform.json(created.body());
        String id = ticket.get("id").asString();
        String number = ticket.get("number").asString();
        // escalation-service knows the ticket once it has consumed its opening event
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> Platform.get("/api/sla/" + id, "hank").statusCode() == 200);

        Page page = browser.signedIn("hank");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Queue").setExact(true)).click();
        assertThat(page.locator("#queue")).containsText(number);
        Browser.screenshot(page, "console-queue");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(number).setExact(true)).click();
        assertThat(page.locator("h1")).containsText(number);
        String reason = "Needs the network team: tunnel drops for the whole floor (" + marker + ")";
        page.locator("#escalate-reason").fill(reason);
        page.locator("#escalate-form").getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions()
                .setName("Escalate")).click();
        assertThat(page.locator("#toasts")).containsText("Escalated");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            HttpResponse<String> escalations = Platform.get("/api/escalations?ticketId=" + id, "hank");
            assertThat(escalations.statusCode()).as(escalations.body()).isEqualTo(200);
            assertThat(escalations.body()).contains(reason);
        });
        page.reload(); // the token is in memory only: a reload signs out
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).first())
                .isVisible();
        Page again = browser.signedIn("hank");
        again.navigate(Platform.gatewayUrl() + "#/desk/tickets/" + id);
        assertThat(again.locator("#escalations")).containsText(reason,
                new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
        Browser.screenshot(again, "console-ticket-escalated");
    }
}
