package org.spoc.e2e.portal;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spoc.e2e.Platform;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A requester in the portal: sees a knowledge article suggested while typing, submits the incident
 * anyway, and sees the desk's reply appear on the ticket page live (notification stream), without
 * reloading.
 */
class RequesterPortalBrowserIntegrationTests {

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
    void requesterSeesASuggestionSubmitsAndSeesTheAgentsReplyLive() {
        Page page = browser.signedIn("alice");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Get help").setExact(true)).first().click();

        String marker = UUID.randomUUID().toString().substring(0, 8);
        page.getByLabel("What is wrong?").pressSequentially("My account is locked after sign-in attempts",
                new Locator.PressSequentiallyOptions().setDelay(20));
        Locator suggestions = page.locator("#suggestions");
        assertThat(suggestions).isVisible();
        assertThat(suggestions).containsText("Account locked");
        Browser.screenshot(page, "portal-get-help-suggestions");

        // opening an article shows it in place (and counts towards deflection), then the requester goes on
        suggestions.getByRole(AriaRole.BUTTON).first().click();
        assertThat(page.locator("#article-panel article")).isVisible();
        page.locator("#article-panel").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Close")).click();

        page.getByLabel("Tell us more").fill("Locked out since 9:00 although the password is right. Ref " + marker);
        page.getByLabel("How urgent is it?").selectOption("HIGH");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit")).click();

        Locator heading = page.locator("h1");
        assertThat(heading).containsText("INC", new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
        assertThat(heading).containsText("My account is locked");
        String ticketId = page.url().replaceAll(".*#/tickets/", "");
        assertThat(ticketId).isNotBlank().doesNotContain("/");

        // the page must update itself: mark this document, so a reload would be noticed
        page.evaluate("() => { window.__spocSamePage = true; }");
        String reply = "Unlocked your account, please try again (" + marker + ")";
        HttpResponse<String> commented = Platform.post("/api/tickets/" + ticketId + "/comments", "hank",
                Map.of("body", reply, "visibility", "PUBLIC"));
        assertThat(commented.statusCode()).as(commented.body()).isEqualTo(201);

        assertThat(page.locator("#comments")).containsText(reply,
                new LocatorAssertions.ContainsTextOptions().setTimeout(Duration.ofSeconds(30).toMillis()));
        assertThat(page.evaluate("() => window.__spocSamePage === true")).isEqualTo(true);
        Browser.screenshot(page, "portal-ticket-live-reply");
    }
}
