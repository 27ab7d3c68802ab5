package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar as users run it: separate processes for {@code run} and {@code token}, sharing a data dir. */
class LauncherProcessIT {
    private static final Path BUILT_JAR = Path.of(System.getProperty("e2e.jar", "../launcher/target/tradewire.jar"));
    /** A private copy: a running JVM breaks when its jar is rewritten by a concurrent build. */
    private static Path jar;
    private static final Pattern LISTENING = Pattern.compile("Listening: exchange dialect at ws://localhost:(\\d+)/ws");

    @BeforeAll
    static void copyJar(@TempDir Path dir) throws IOException {
        assertThat(BUILT_JAR).as("the fat jar is built by the launcher module").exists();
        jar = Files.copy(BUILT_JAR, dir.resolve("tradewire.jar"));
    }

    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs a short command to completion; returns {exit code, stdout, stderr}. */
    private static Object[] runToEnd(Path workDir, String... args) throws Exception {
        Process process = new ProcessBuilder(java(args)).directory(workDir.toFile()).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("process finished").isTrue();
        return new Object[] {process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS)};
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    @DisplayName("run serves on its logged URL, token from the same data dir is accepted, SIGTERM stops it cleanly")
    void runTokenAndStop(@TempDir Path dir) throws Exception {
        Process server = new ProcessBuilder(java("run", "--http-port", "0", "--data-dir", "data",
                "--set", "market.simulator.enabled=false", "--set", "http.host=127.0.0.1"))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.start();
        Vertx vertx = Vertx.vertx();
        try {
            int port = -1;
            List<String> seen = new ArrayList<>();
            while (port < 0) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertThat(line).as("a listener line; so far: %s", seen).isNotNull();
                seen.add(line);
                Matcher m = LISTENING.matcher(line.replace("127.0.0.1", "localhost"));
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertThat(String.join("\n", seen)).contains("DEMO PROFILE");

            Object[] token = runToEnd(dir, "token", "--user", "user001", "--data-dir", "data");
            assertThat(token[0]).as("token exit code; stderr: %s", token[2]).isEqualTo(0);
            String jwt = ((String) token[1]).trim();
            assertThat(jwt).doesNotContain("\n").matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

            // Keep the client referenced: Vert.x closes a client that the garbage collector finds unreferenced.
            WebSocketClient wsClient = vertx.createWebSocketClient();
            CompletableFuture<JsonObject> answer = new CompletableFuture<>();
            WebSocket socket = TestMesh.await(wsClient.connect(new WebSocketConnectOptions()
                    .setHost("127.0.0.1").setPort(port).setURI("/ws?user_id=user001"))
                    .onSuccess(connected -> connected.textMessageHandler(text -> answer.complete(new JsonObject(text)))), 10);
            socket.writeTextMessage(new JsonObject().put("type", "auth").put("user_id", "user001").put("token", jwt).encode());
            JsonObject auth = answer.get(10, TimeUnit.SECONDS);
            assertThat(auth.getString("type")).isEqualTo("auth_response");
            assertThat(auth.getBoolean("success")).as("%s", auth).isTrue();

            // SIGTERM through kill(1): Process.destroy() would also close our ends of its pipes and lose its last lines.
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(server.pid())).start().waitFor()).isZero();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            // The reader ends at the end of the process's output: only then are its last lines all in.
            reader.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(reader.isAlive()).as("the server's output read to its end (failure guard)").isFalse();
            assertThat(String.join("\n", lines)).contains("Tradewire stopped");
        } catch (Exception | AssertionError e) {
            Thread.sleep(500);
            throw new AssertionError("server output:\n" + String.join("\n", lines), e);
        } finally {
            server.destroyForcibly();
            TestMesh.await(vertx.close(), 10);
        }
    }

    @Test
    @DisplayName("Outside the demo profile, run and token refuse to start without a signing key, naming the key")
    void refusesWithoutKeyInProduction(@TempDir Path dir) throws Exception {
        Object[] run = runToEnd(dir, "run", "--http-port", "0", "--set", "profile=production");
        assertThat(run[0]).isEqualTo(1);
        assertThat((String) run[2]).contains("auth.jwt.secret").contains("refusing to start");
        Object[] token = runToEnd(dir, "token", "--user", "u1", "--set", "profile=production");
        assertThat(token[0]).isEqualTo(1);
        assertThat((String) token[1]).isEmpty();
        assertThat(Files.exists(dir.resolve("data").resolve("demo-jwt-secret"))).isFalse();
    }

    @Test
    @DisplayName("--help works on every command")
    void helpEverywhere(@TempDir Path dir) throws Exception {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"run", "--help"}, new String[] {"token", "--help"})) {
            Object[] help = runToEnd(dir, args);
            assertThat(help[0]).isEqualTo(0);
            assertThat((String) help[1]).contains("Usage: tradewire");
        }
        assertThat((String) runToEnd(dir, "run", "--help")[1]).contains("--http-port", "--config", "--data-dir", "--verticles", "--set");
        assertThat((String) runToEnd(dir, "token", "--help")[1]).contains("--user", "--ttl", "--data-dir", "--set");
    }
}
