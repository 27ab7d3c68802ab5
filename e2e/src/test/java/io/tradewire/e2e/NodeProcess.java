package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One Tradewire node as users run it: the fat jar in a JVM of its own, started with {@code setsid} (a session and
 * process group of its own, so that a signal to the test's group never reaches it and the whole group can be killed),
 * under {@code timeout --signal=KILL} (a node outlives a crashed test run by {@link #LIFETIME} at most), with its own
 * data dir and its output in a log file. Faults are signals to the node's JVM: {@link #kill9()}, {@link #pause()}
 * ({@code SIGSTOP}), {@link #resume()} ({@code SIGCONT}). {@link #close()} kills the process group, whatever happened.
 */
final class NodeProcess implements AutoCloseable {
    /** The flags Hazelcast asks for on Java 17 (as docker/Dockerfile passes them). */
    static final List<String> HAZELCAST_JVM_FLAGS = List.of("--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");
    /** A hang guard: the most a node lives, even when the test that started it died without cleaning up. */
    static final Duration LIFETIME = Duration.ofMinutes(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration HEALTH_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** Process groups still running: killed by a shutdown hook when the test JVM ends before a test closed them. */
    private static final Set<Long> GROUPS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> GROUPS.forEach(group -> {
            try {
                killGroup(group);
            } catch (Exception e) {
                // the JVM is ending: nothing else to do
            }
        }), "node-process-cleanup"));
    }

    private final String name;
    private final int httpPort;
    private final Path dataDir;
    private final Path logFile;
    private final Process wrapper;
    private final ProcessHandle jvm;

    private NodeProcess(String name, int httpPort, Path dataDir, Path logFile, Process wrapper, ProcessHandle jvm) {
        this.name = name;
        this.httpPort = httpPort;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.wrapper = wrapper;
        this.jvm = jvm;
    }

    /**
     * Starts {@code java -jar jar run <args> --http-port httpPort --data-dir <dir>/<name>/data} with {@code env} added to
     * its environment (secrets go there: the command line is logged), output to {@code <dir>/<name>.log}. Returns once the JVM runs (not once it serves: see {@link #awaitHealth}).
     */
    static NodeProcess start(Path jar, Path dir, String name, int httpPort, List<String> runArgs, Map<String, String> env)
            throws Exception {
        Path dataDir = Files.createDirectories(dir.resolve(name).resolve("data"));
        Path logFile = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of("setsid", "timeout", "--signal=KILL", LIFETIME.toSeconds() + "s",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(HAZELCAST_JVM_FLAGS);
        command.addAll(List.of("-Xmx384m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toAbsolutePath().toString(), "run"));
        command.addAll(runArgs);
        command.addAll(List.of("--http-port", Integer.toString(httpPort), "--data-dir", dataDir.toString()));
        Files.writeString(logFile, String.join(" ", command) + System.lineSeparator());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.resolve(name).toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        Process wrapper = builder.start();
        GROUPS.add(wrapper.pid());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Optional<ProcessHandle> jvm = Optional.empty();
        while (jvm.isEmpty()) {
            jvm = wrapper.children().findFirst();
            if (jvm.isEmpty()) {
                if (!wrapper.isAlive() || System.nanoTime() > deadline) {
                    killGroup(wrapper.pid());
                    throw new AssertionError("node " + name + " did not start its JVM; log:\n" + Files.readString(logFile));
                }
                Thread.sleep(10);
            }
        }
        return new NodeProcess(name, httpPort, dataDir, logFile, wrapper, jvm.get());
    }

    /** A port that was free a moment ago on 127.0.0.1 (the node binds it a little later). */
    /**
     * A loopback port free now, for a node to bind a moment later. Taken below the kernel's ephemeral range
     * ({@link #PROBED_PORTS}): a port the kernel handed out with {@code ServerSocket(0)} is also what it hands out to
     * outgoing connections, and a node's Hazelcast or event-bus connection took one between the probe and the bind
     * ("Address already in use"). Ports already given in this JVM are not given again.
     */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = PROBED_PORTS[0] + RANDOM.nextInt(PROBED_PORTS[1] - PROBED_PORTS[0]);
            if (!GIVEN.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use: try another
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Where {@link #freePort} looks: below Linux's default ephemeral range (32768–60999). */
    private static final int[] PROBED_PORTS = {20_000, 32_000};
    private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.Random RANDOM = new java.util.Random();

    String name() {
        return name;
    }

    int httpPort() {
        return httpPort;
    }

    /** The exchange dialect's WebSocket URL on this node's gateway. */
    String wsUrl() {
        return "ws://127.0.0.1:" + httpPort + "/ws";
    }

    Path dataDir() {
        return dataDir;
    }

    /** The node's JVM process id (the target of the signals). */
    long pid() {
        return jvm.pid();
    }

    boolean alive() {
        return jvm.isAlive();
    }

    /** Everything the node logged so far. */
    String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The node's {@code /health} document, whatever its HTTP status (503 while a component is down), or null when it does not answer. */
    JsonObject health() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                    .timeout(HEALTH_REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            return response.body().startsWith("{") ? new JsonObject(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Waits until {@code /health} satisfies {@code condition}; fails after {@code guard} (a hang guard) with the last answer and the log. */
    JsonObject awaitHealth(Predicate<JsonObject> condition, Duration guard, String what) throws InterruptedException {
        long deadline = System.nanoTime() + guard.toNanos();
        JsonObject health = null;
        while (System.nanoTime() < deadline) {
            assertThat(alive()).as("node %s is running (waiting until %s); log:%n%s", name, what, tail()).isTrue();
            health = health();
            if (health != null && condition.test(health)) {
                return health;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("node " + name + ": not " + what + " within " + guard + "; last /health: "
                + (health == null ? "no answer" : health.encode()) + "; log:\n" + tail());
    }

    /** SIGKILL: no shutdown hook, no leaving the cluster, sockets closed by the kernel. */
    void kill9() throws Exception {
        signal("KILL");
        assertThat(jvm.onExit().get(30, TimeUnit.SECONDS)).isNotNull();
    }

    /** SIGSTOP: the JVM hangs (as in a long GC pause): its sockets stay open, it answers nothing. */
    void pause() throws Exception {
        signal("STOP");
    }

    /** SIGCONT: the paused JVM goes on where it stopped. */
    void resume() throws Exception {
        signal("CONT");
    }

    /** SIGTERM: a clean stop (the node leaves the cluster); waits for the JVM to end. */
    void term() throws Exception {
        signal("TERM");
        assertThat(jvm.onExit().get(60, TimeUnit.SECONDS)).isNotNull();
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(jvm.pid())).redirectErrorStream(true).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %d (node %s)", signal, jvm.pid(), name).isZero();
    }

    /** The last lines of the log, for failure messages. */
    String tail() {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Whether the wrapper (the process group's leader) still runs. */
    boolean groupAlive() {
        return wrapper.isAlive();
    }

    /** Kills the node's whole process group (the wrapper and the JVM, stopped or not) and waits for it. */
    @Override
    public void close() throws Exception {
        killGroup(wrapper.pid());
        jvm.onExit().get(30, TimeUnit.SECONDS);
        wrapper.waitFor(30, TimeUnit.SECONDS);
        GROUPS.remove(wrapper.pid());
    }

    private static void killGroup(long leader) throws Exception {
        // setsid made the wrapper the leader of a new process group with its own pid as the group id.
        new ProcessBuilder("kill", "-KILL", "--", "-" + leader).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    }
}
