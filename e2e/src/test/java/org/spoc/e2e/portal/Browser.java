package org.spoc.e2e.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import org.spoc.e2e.Platform;
import org.spoc.testkit.TempDirs;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Debian's Chromium ({@code bin/setup-browser.sh}) driven by Playwright, headless, with a fresh profile
 * in a temporary folder; Playwright never downloads a browser. One per test class: {@link #close()}
 * stops the browser it started and deletes its profile.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("SPOC_CHROMIUM", "/usr/bin/chromium"));

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Playwright playwright;
    private final BrowserContext context;
    private final Path profile;

    private Browser(Playwright playwright, BrowserContext context, Path profile) {
        this.playwright = playwright;
        this.context = context;
        this.profile = profile;
    }

    static Browser start() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: run bin/setup-browser.sh (installs Debian's chromium)");
        }
        try {
            Path profile = Files.createTempDirectory("spoc-chromium-");
            Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            try {
                BrowserContext context = playwright.chromium().launchPersistentContext(profile,
                        new BrowserType.LaunchPersistentContextOptions()
                                .setExecutablePath(CHROMIUM)
                                .setHeadless(true)
                                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                        "--no-first-run", "--disable-background-networking",
                                        "--disable-component-update", "--disable-sync"))
                                .setViewportSize(1280, 860)
                                .setLocale("en-GB")
                                .setTimezoneId("UTC"));
                context.setDefaultTimeout(20_000);
                return new Browser(playwright, context, profile);
            }
            catch (RuntimeException ex) {
                playwright.close();
                throw ex;
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A new tab, signed in as {@code user} through the identity provider's login form (code + PKCE). */
    Page signedIn(String user) {
        Page page = context.newPage();
        page.navigate(Platform.gatewayUrl());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).first().click();
        page.getByLabel("Username").fill(user);
        page.getByLabel("Password").fill(Platform.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.locator("#who")).containsText(user);
        return page;
    }

    /** Saves a full-page screenshot as {@code target/screenshots/<name>.png} (a test artifact). */
    static Path screenshot(Page page, String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    @Override
    public void close() {
        try {
            context.close();
        }
        finally {
            playwright.close();
            TempDirs.deleteQuietly(profile);
        }
    }
}
