package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code ib} dialect (seed 000) driven by Python clients built on {@code websockets}, the library of
 * the seed's own example, from {@code e2e/python/ib_*.py}. Each test starts its own mesh; each script
 * prints its checks and exits non-zero when one fails.
 */
class IbDialectIT {
    /** A failure guard against a hung script, not a timing assertion. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final String PATH = "/websocket/ws";

    @Test
    @DisplayName("The seed's Python example flow: connect with client_id, subscribe, ping, get_orders")
    void theSeedsOwnPythonExampleWorks() throws Exception {
        try (TestMesh mesh = TestMesh.start()) {
            run("ib_seed_example.py",
                    "--url", mesh.wsUrl(PATH),
                    "--token", mesh.token("user001"),
                    "--user-id", "user001");
        }
    }

    @Test
    @DisplayName("Tokens in the query and the Bearer header, orders from the exchange dialect, market data and every error path")
    void ordersAccountsMarketDataAndErrors() throws Exception {
        try (TestMesh mesh = TestMesh.start()) {
            run("ib_dialect.py",
                    "--url", mesh.wsUrl(PATH),
                    "--exchange-url", mesh.wsUrl("/ws"),
                    "--token1", mesh.token("user001"),
                    "--token2", mesh.token("user002"),
                    "--expired-token", mesh.expiredToken("user001"));
        }
    }

    /** Runs a script to completion and asserts it exited 0 and reported no failed check. */
    private static void run(String script, String... args) throws Exception {
        Path scripts = Path.of(System.getProperty("e2e.scripts", "python")).toAbsolutePath();
        Path path = scripts.resolve(script);
        assertThat(path).as("script %s", path).isRegularFile();
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("e2e.python", "/usr/bin/python3"));
        command.add(path.toString());
        command.addAll(List.of(args));

        ProcessBuilder builder = new ProcessBuilder(command).directory(scripts.toFile()).redirectErrorStream(true);
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        boolean finished = process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        String text = output.get(10, TimeUnit.SECONDS);
        System.out.println("---- " + script + " ----\n" + text);
        if (!finished) {
            fail("%s did not finish within %s; output:%n%s", script, SCRIPT_TIMEOUT, text);
        }
        assertThat(process.exitValue()).as("exit code of %s; output:%n%s", script, text).isZero();
        assertThat(text.lines().filter(line -> line.matches("\\d+ passed, \\d+ failed")).reduce((a, b) -> b))
                .as("final summary line of %s; output:%n%s", script, text)
                .hasValueSatisfying(line -> assertThat(line).endsWith(" passed, 0 failed").doesNotStartWith("0 "));
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read the script's output: " + e + ")";
        }
    }
}
