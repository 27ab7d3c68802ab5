package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The web console at {@code /console} in a real browser: Debian's {@code chromium} (headless) driven by npm
 * {@code playwright-core} from {@code e2e/browser} (installed by {@code npm ci}). Two users, each in their own
 * page, log in with a token, connect the exchange, topics, ib and socketio dialects, place orders, trade with
 * each other, cancel, use the raw-frame box; the script checks that no script error, CSP refusal or failed
 * request happened and saves a screenshot to {@code e2e/target/console/console.png}.
 */
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** A failure guard against a hung browser, not a timing assertion (each step waits at most 30 s). */
    private static final Duration GUARD = Duration.ofMinutes(3);

    @Test
    @DisplayName("the console in chromium: log in, four dialects, order, fill in recent trades, cancel, screenshot")
    void consoleInChromium() throws Exception {
        Path browser = ClientScripts.browserDir();
        assertThat(CHROMIUM).as("Debian's chromium is installed (apt-get install chromium)").isRegularFile();
        assertThat(browser.resolve("node_modules/playwright-core"))
                .as("playwright-core is installed: run `npm ci` in %s", browser).isDirectory();
        Path screenshot = browser.resolveSibling("target").resolve("console").resolve("console.png");
        try (TestMesh mesh = TestMesh.start()) {
            ClientScripts.node(browser, "console_test.js", List.of(
                    "--url", "http://127.0.0.1:" + mesh.port(),
                    "--token1", mesh.token("user001"),
                    "--token2", mesh.token("user002"),
                    "--screenshot", screenshot.toString()), GUARD);
        }
        assertThat(screenshot).isRegularFile();
    }
}
