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

/**
 * Runs a real client program (a Python or Node script) against the mesh and checks its verdict: exit
 * code 0 and a last summary line {@code N passed, 0 failed} with N &gt; 0. The time limit is a failure
 * guard, not a measurement.
 */
final class ClientScripts {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ClientScripts() {
    }

    /** {@code e2e/python}, where the Python clients live. */
    static Path pythonDir() {
        return Path.of(System.getProperty("e2e.scripts", "python")).toAbsolutePath();
    }

    /** {@code e2e/node}, where the npm clients live (installed with {@code npm ci}). */
    static Path nodeDir() {
        return pythonDir().resolveSibling("node");
    }

    /** {@code e2e/browser}, where the browser tests live (playwright-core, installed with {@code npm ci}). */
    static Path browserDir() {
        return pythonDir().resolveSibling("browser");
    }

    /** Runs {@code /usr/bin/python3 e2e/python/<script> args...}. */
    static void python(String script, List<String> args) throws Exception {
        assertThat(pythonDir().resolve(script)).as("script %s", script).isRegularFile();
        List<String> command = new ArrayList<>(List.of(System.getProperty("e2e.python", "/usr/bin/python3"), script));
        command.addAll(args);
        run(pythonDir(), command);
    }

    static void python(String script, String... args) throws Exception {
        python(script, List.of(args));
    }

    /** Runs {@code node e2e/node/<script> args...}. */
    static void node(String script, List<String> args) throws Exception {
        node(nodeDir(), script, args, TIMEOUT);
    }

    /** Runs {@code node <dir>/<script> args...} in that directory, failing after {@code timeout}. */
    static void node(Path dir, String script, List<String> args, Duration timeout) throws Exception {
        assertThat(dir.resolve(script)).as("script %s", script).isRegularFile();
        List<String> command = new ArrayList<>(List.of(System.getProperty("e2e.node", "node"), script));
        command.addAll(args);
        run(dir, command, timeout);
    }

    /** Runs a command in a directory to completion and asserts its verdict. */
    static void run(Path workDir, List<String> command) throws Exception {
        run(workDir, command, TIMEOUT);
    }

    /** Runs a command in a directory to completion, failing after {@code timeout}, and asserts its verdict. */
    static void run(Path workDir, List<String> command, Duration timeout) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        String text = output.get(10, TimeUnit.SECONDS);
        String name = String.join(" ", command.subList(0, Math.min(2, command.size())));
        System.out.println("---- " + name + " ----\n" + text);
        if (!finished) {
            fail("%s did not finish within %s; output:%n%s", name, timeout, text);
        }
        assertThat(process.exitValue()).as("exit code of %s; output:%n%s", name, text).isZero();
        assertThat(text.lines().filter(line -> line.matches("\\d+ passed, \\d+ failed")).reduce((a, b) -> b))
                .as("final summary line of %s; output:%n%s", name, text)
                .hasValueSatisfying(line -> assertThat(line).endsWith(" passed, 0 failed").doesNotStartWith("0 "));
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read the client's output: " + e + ")";
        }
    }
}
