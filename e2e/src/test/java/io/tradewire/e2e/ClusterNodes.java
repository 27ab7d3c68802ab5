package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A cluster of {@link NodeProcess}es on loopback for the process-level tests: every node a JVM of its own, joined over
 * TCP/IP on 127.0.0.1 with free ports, a cluster name of its own (concurrent test runs never join each other), its own
 * data dir, and the logs in {@code target/cluster-it/<run>/<node>.log}. Venue replicas (nodes that run
 * {@code matching} when {@link Builder#replicated()} is on) list each other in {@code matching.replication.peers}.
 *
 * <pre>{@code
 * try (ClusterNodes cluster = ClusterNodes.builder("failover")
 *         .node("n1", "all").node("n2", "all").node("n3", "all").replicated().start()) {
 *     cluster.awaitFormed();
 *     cluster.node("n1").kill9();
 * }
 * }</pre>
 *
 * {@link #close()} kills every node's process group, also when the test failed; a failed test leaves the logs.
 */
final class ClusterNodes implements AutoCloseable {
    /** The HS256 key every node shares. */
    static final String SECRET = "cluster-it-secret-that-is-at-least-32-bytes";
    /** Money enough that risk checks never refuse the tests' orders. */
    static final String STARTING_BALANCE = "1000000000";
    /** Hang guards, not measurements. */
    static final Duration START_GUARD = Duration.ofSeconds(120);
    private static final Path BUILT_JAR = Path.of(System.getProperty("e2e.jar", "../launcher/target/tradewire.jar"));
    private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static Path jar;

    private final Path dir;
    private final Map<String, NodeProcess> nodes;

    private ClusterNodes(Path dir, Map<String, NodeProcess> nodes) {
        this.dir = dir;
        this.nodes = nodes;
    }

    static Builder builder(String run) {
        return new Builder(run);
    }

    /** One node to start: its name (its cluster.node-name and Raft peer id) and the verticles it runs. */
    record Spec(String name, String verticles) {
        boolean runsMatching() {
            return verticles.equals("all") || List.of(verticles.split(",")).contains("matching");
        }
    }

    static final class Builder {
        private final String run;
        private final List<Spec> specs = new ArrayList<>();
        private final Map<String, String> sets = new LinkedHashMap<>();
        private boolean replicated;
        private boolean clustered = true;

        private Builder(String run) {
            this.run = run;
        }

        Builder node(String name, String verticles) {
            specs.add(new Spec(name, verticles));
            return this;
        }

        /** The nodes that run {@code matching} are the replicas of the venue (matching.replication.peers). */
        Builder replicated() {
            replicated = true;
            return this;
        }

        /** Not clustered: lone nodes (for tests of the harness itself). */
        Builder notClustered() {
            clustered = false;
            return this;
        }

        /** A configuration key for every node ({@code --set key=value}). */
        Builder set(String key, String value) {
            sets.put(key, value);
            return this;
        }

        /** Starts every node at once; returns before they serve ({@link #awaitFormed()}). */
        ClusterNodes start() throws Exception {
            Path dir = Files.createDirectories(Path.of("target", "cluster-it", run + "-" + LocalDateTime.now().format(RUN_NAME)
                    + "-" + UUID.randomUUID().toString().substring(0, 8))).toAbsolutePath();
            Path jar = jar();
            Map<String, int[]> ports = new LinkedHashMap<>();
            for (Spec spec : specs) {
                ports.put(spec.name(), new int[] {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()});
            }
            String members = specs.stream().map(s -> "127.0.0.1:" + ports.get(s.name())[1]).collect(Collectors.joining(","));
            String peers = specs.stream().filter(Spec::runsMatching)
                    .map(s -> s.name() + "=127.0.0.1:" + ports.get(s.name())[2]).collect(Collectors.joining(","));
            String clusterName = "cluster-it-" + UUID.randomUUID();
            Map<String, NodeProcess> started = new LinkedHashMap<>();
            ClusterNodes cluster = new ClusterNodes(dir, started);
            try {
                for (Spec spec : specs) {
                    List<String> args = new ArrayList<>();
                    if (clustered) {
                        args.addAll(List.of("--cluster", "--node-name", spec.name(), "--cluster-host", "127.0.0.1",
                                "--cluster-port", Integer.toString(ports.get(spec.name())[1]), "--cluster-members", members,
                                "--set", "cluster.name=" + clusterName));
                    }
                    args.addAll(List.of("--verticles", spec.verticles(),
                            "--set", "http.host=127.0.0.1",
                            "--set", "market.simulator.enabled=false",
                            "--set", "matching.starting-balance=" + STARTING_BALANCE,
                            // The clients pipeline orders and match answers by position: the rate limits would answer some
                            // at once with 429, out of order. Not under test here.
                            "--set", "gateway.rate-limit.enabled=false"));
                    if (replicated && spec.runsMatching()) {
                        args.addAll(List.of("--set", "matching.replication.peers=" + peers));
                    }
                    sets.forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
                    started.put(spec.name(), NodeProcess.start(jar, dir, spec.name(), ports.get(spec.name())[0], args,
                            Map.of("TRADEWIRE_AUTH_JWT_SECRET", SECRET)));
                }
            } catch (Exception | AssertionError e) {
                cluster.close();
                throw e;
            }
            return cluster;
        }
    }

    /** A private copy of the fat jar: a running JVM breaks when a concurrent build rewrites its jar. */
    private static synchronized Path jar() throws IOException {
        if (jar == null) {
            assertThat(BUILT_JAR).as("the fat jar is built by the launcher module").exists();
            Path dir = Files.createDirectories(Path.of("target", "cluster-it")).toAbsolutePath();
            Path copy = dir.resolve("tradewire-" + ProcessHandle.current().pid() + ".jar");
            jar = Files.copy(BUILT_JAR, copy, StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().deleteOnExit();
        }
        return jar;
    }

    NodeProcess node(String name) {
        NodeProcess node = nodes.get(name);
        assertThat(node).as("node %s", name).isNotNull();
        return node;
    }

    Collection<NodeProcess> nodes() {
        return nodes.values();
    }

    /** Where the logs and data dirs are. */
    Path dir() {
        return dir;
    }

    /** The names of the live members a node's {@code /health} shows, or an empty list. */
    static List<String> members(JsonObject health) {
        JsonObject cluster = health.getJsonObject("cluster");
        JsonArray members = cluster == null ? null : cluster.getJsonArray("members");
        if (members == null) {
            return List.of();
        }
        return members.stream().map(m -> ((JsonObject) m).getString("name")).sorted().toList();
    }

    /** Waits until every node serves {@code /health} and sees every node of the cluster as a member. */
    void awaitFormed() throws InterruptedException {
        awaitMembers(nodes.values(), nodes.keySet(), START_GUARD);
    }

    /** Waits until each of {@code on} sees exactly {@code names} as the members (a hang guard of {@code guard} each). */
    void awaitMembers(Collection<NodeProcess> on, Collection<String> names, Duration guard) throws InterruptedException {
        List<String> wanted = names.stream().sorted().toList();
        for (NodeProcess node : on) {
            node.awaitHealth(health -> members(health).equals(wanted), guard, "seeing members " + wanted);
        }
    }

    /** Waits until {@code node}'s health satisfies the condition (a hang guard of {@code guard}). */
    JsonObject await(String node, Predicate<JsonObject> condition, Duration guard, String what) throws InterruptedException {
        return node(node).awaitHealth(condition, guard, what);
    }

    /** Every node's log, for a failure message. */
    String logs() {
        return nodes.values().stream().map(n -> "==== " + n.name() + " ====\n" + n.tail()).collect(Collectors.joining("\n"));
    }

    /** Runs {@code e2e/python/<script> args} with its output in {@code <dir>/<log>}; returns the running process. */
    Process python(String log, String script, String... args) throws IOException {
        Path scripts = ClientScripts.pythonDir();
        assertThat(scripts.resolve(script)).isRegularFile();
        List<String> command = new ArrayList<>(List.of(System.getProperty("e2e.python", "/usr/bin/python3"),
                scripts.resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile());
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        return builder.start();
    }

    /** Runs a Python client to its end (hang guard {@code guard}) and returns its output; fails on a non-zero exit. */
    String pythonToEnd(String log, Duration guard, String script, String... args) throws Exception {
        Process process = python(log, script, args);
        boolean finished = process.waitFor(guard.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(dir.resolve(log));
        assertThat(finished).as("%s finished within %s; output:%n%s", script, guard, output).isTrue();
        assertThat(process.exitValue()).as("exit code of %s; output:%n%s%nnode logs:%n%s", script, output, logs()).isZero();
        return output;
    }

    /** {@code tokens.json} for the Python clients, signed with {@link #SECRET}. */
    Path tokens(List<String> users) throws Exception {
        return Hs256Tokens.file(dir, SECRET, users);
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (NodeProcess node : nodes.values()) {
            try {
                node.close();
            } catch (Exception e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
