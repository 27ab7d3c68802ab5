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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code socketio} dialect against the real Socket.IO clients its users have: python-socketio 5.7.2
 * (Debian, default transports: polling, then the upgrade) from {@code e2e/python}, and the npm
 * socket.io-client 4.8 from {@code e2e/node} (installed by {@code npm ci}), with its default transports and
 * with WebSocket only. Each test starts its own mesh with 300 ms push intervals; each script places orders
 * over the {@code exchange} dialect, prints its checks and ends with {@code N passed, M failed}.
 */
class SocketIoDialectIT {
    /** A failure guard against a hung script, not a timing assertion. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    /** Equal intervals: the scripts' "unchanged data is not re-sent" check relies on them. */
    private static final Map<String, String> SHORT_INTERVALS = Map.of(
            "gateway.socketio.intervals.balance", "300ms",
            "gateway.socketio.intervals.positions", "300ms",
            "gateway.socketio.intervals.pnl", "300ms",
            "gateway.socketio.intervals.orders", "300ms");

    @Test
    @DisplayName("python-socketio with its default transports (polling, then WebSocket)")
    void pythonSocketIo() throws Exception {
        try (TestMesh mesh = TestMesh.start(SHORT_INTERVALS)) {
            Path scripts = Path.of(System.getProperty("e2e.scripts", "python")).toAbsolutePath();
            run(scripts, List.of(System.getProperty("e2e.python", "/usr/bin/python3"), "socketio_client.py"), arguments(mesh));
        }
    }

    @Test
    @DisplayName("socket.io-client 4.8 with its default transports (polling, then WebSocket)")
    void nodeSocketIoClientDefaultTransports() throws Exception {
        try (TestMesh mesh = TestMesh.start(SHORT_INTERVALS)) {
            runNode(mesh, "default");
        }
    }

    @Test
    @DisplayName("socket.io-client 4.8 with transports: ['websocket']")
    void nodeSocketIoClientWebSocketOnly() throws Exception {
        try (TestMesh mesh = TestMesh.start(SHORT_INTERVALS)) {
            runNode(mesh, "websocket");
        }
    }

    private static void runNode(TestMesh mesh, String transports) throws Exception {
        Path node = Path.of(System.getProperty("e2e.scripts", "python")).toAbsolutePath().resolveSibling("node");
        assertThat(node.resolve("node_modules/socket.io-client")).as("socket.io-client is installed: run `npm ci` in %s", node)
                .isDirectory();
        List<String> args = new ArrayList<>(arguments(mesh));
        args.addAll(List.of("--transports", transports));
        run(node, List.of(System.getProperty("e2e.node", "node"), "socketio_client.js"), args);
    }

    private static List<String> arguments(TestMesh mesh) {
        return List.of(
                "--url", "http://127.0.0.1:" + mesh.port(),
                "--exchange-url", mesh.wsUrl("/ws"),
                "--token1", mesh.token("user001"),
                "--token2", mesh.token("user002"),
                "--bad-token", mesh.expiredToken("user001"));
    }

    /** Runs a script to completion and asserts it exited 0 and reported no failed check. */
    private static void run(Path directory, List<String> interpreterAndScript, List<String> args) throws Exception {
        String script = interpreterAndScript.get(1);
        assertThat(directory.resolve(script)).as("script %s", script).isRegularFile();
        List<String> command = new ArrayList<>(interpreterAndScript);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
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
        System.out.println("---- " + script + " " + String.join(" ", args.subList(Math.max(0, args.size() - 2), args.size()))
                + " ----\n" + text);
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
