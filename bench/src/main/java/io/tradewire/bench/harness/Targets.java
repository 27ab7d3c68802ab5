package io.tradewire.bench.harness;

import io.tradewire.bench.server.BenchServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the servers a benchmark measures, each as its own process, one at a time: the Tradewire bench
 * node (a JVM from the same jar) and the Node peers of {@code bench/peers} (installed with {@code npm ci}
 * on first use). Each prints {@code READY {"ws":...,"control":...,"pid":...}} when it listens.
 */
public final class Targets {
    public static final List<String> PEERS = List.of("ws", "socketio");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final HarnessOptions options;
    private final String secret;
    /** Numbers the processes of this harness run (their logs and data directories), across benchmarks. */
    private static final AtomicInteger STARTED = new AtomicInteger();

    public Targets(HarnessOptions options) {
        this.options = options;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The key the Tradewire server signs with; the load generator mints its tokens with it. */
    public Map<String, String> secretEnv() {
        return Map.of(BenchServer.SECRET_ENV, secret);
    }

    /**
     * A fresh Tradewire bench node with the fan-out instrument {@code symbol} and {@code orderBooks} order books; with
     * {@code --gateways N}, a cluster of a core node (venue, notifier, broker, driver) and N gateway nodes instead.
     */
    public Target tradewire(String symbol, int orderBooks) throws IOException, InterruptedException {
        if (options.gateways > 0) {
            return tradewireCluster(symbol, orderBooks, options.gateways);
        }
        String name = "server-" + (STARTED.incrementAndGet());
        ChildProcess process = startNode(name, symbol, orderBooks, List.of());
        return ready(Target.TRADEWIRE, "exchange", process, null).withDataDir(options.workDir().resolve(name + "-data"));
    }

    /**
     * A core node and {@code gateways} gateway nodes, each its own JVM, clustered over loopback (TCP/IP join, free
     * ports, a cluster name of their own). The target's URL lists the gateways; the load generator spreads its clients
     * over them in turn, and its CPU and memory figures add up every node.
     */
    private Target tradewireCluster(String symbol, int orderBooks, int gateways) throws IOException, InterruptedException {
        int run = STARTED.incrementAndGet();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i <= gateways; i++) {
            ports.add(freePort());
        }
        String members = ports.stream().map(port -> "127.0.0.1:" + port).collect(java.util.stream.Collectors.joining(","));
        String clusterName = "tradewire-bench-" + ProcessHandle.current().pid() + "-" + run;
        List<ChildProcess> started = new ArrayList<>();
        try {
            String coreName = "server-" + run + "-core";
            ChildProcess core = startNode(coreName, symbol, orderBooks, clusterArgs("core", ports.get(0), members, clusterName, "core"));
            started.add(core);
            JsonObject coreReady = readyLine(core);
            List<String> urls = new ArrayList<>();
            List<ChildProcess> gatewayNodes = new ArrayList<>();
            for (int i = 1; i <= gateways; i++) {
                ChildProcess gateway = startNode("server-" + run + "-gw-" + i, symbol, orderBooks,
                        clusterArgs("gw-" + i, ports.get(i), members, clusterName, "gateway"));
                started.add(gateway);
                gatewayNodes.add(gateway);
            }
            for (ChildProcess gateway : gatewayNodes) {
                urls.add(readyLine(gateway).getString("ws"));
            }
            String runtime = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", JVM flags: "
                    + coreReady.getString("jvm_flags", "") + "; cluster of 1 core node + " + gateways + " gateway node"
                    + (gateways == 1 ? "" : "s") + " (separate JVMs, Hazelcast on loopback)";
            return new Target(Target.TRADEWIRE, "exchange", String.join(",", urls), coreReady.getString("control"),
                    coreReady.getLong("pid", core.pid()), runtime, coreReady.getString("fanout_symbol"),
                    coreReady.getJsonObject("journal"), options.workDir().resolve(coreName + "-data"), core, gatewayNodes);
        } catch (IOException | RuntimeException | InterruptedException e) {
            started.forEach(ChildProcess::close);
            throw e;
        }
    }

    private static List<String> clusterArgs(String nodeName, int port, String members, String clusterName, String parts) {
        return List.of("--cluster", "--parts", parts, "--set", "cluster.enabled=true", "--set", "cluster.node-name=" + nodeName,
                "--set", "cluster.port=" + port, "--set", "cluster.members=" + members, "--set", "cluster.name=" + clusterName);
    }

    private ChildProcess startNode(String name, String symbol, int orderBooks, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--http-port", "0", "--control-port", "0", "--fanout-symbol", symbol,
                "--order-books", Integer.toString(orderBooks), "--data-dir", options.workDir().resolve(name + "-data").toString()));
        args.addAll(extra);
        for (String set : options.sets) {
            args.add("--set");
            args.add(set);
        }
        return ChildProcess.start(name, JavaCommand.of(HarnessOptions.split(options.serverJvmOpts), BenchServer.class.getName(), args),
                secretEnv(), null, options.workDir());
    }

    private static JsonObject readyLine(ChildProcess process) throws InterruptedException {
        String line = process.awaitLine(BenchServer.READY, START_TIMEOUT);
        return new JsonObject(line.substring(BenchServer.READY.length()));
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A peer ({@code ws} or {@code socketio}), installed first when needed. */
    public Target peer(String name) throws IOException, InterruptedException {
        Path dir = peersDir().resolve(name);
        Peers.ensureInstalled(dir, options.workDir());
        ChildProcess process = ChildProcess.start(name + "-" + (STARTED.incrementAndGet()), List.of("node", "--expose-gc", "server.js"),
                Map.of("PORT", "0"), dir, options.workDir());
        String runtime = nodeRuntime(dir, name.equals("socketio") ? "socket.io" : "ws");
        return ready(name, name.equals("socketio") ? "socketio" : "exchange", process, runtime);
    }

    private Target ready(String name, String protocol, ChildProcess process, String runtimeOverride) throws InterruptedException {
        try {
            String line = process.awaitLine(BenchServer.READY, START_TIMEOUT);
            JsonObject ready = new JsonObject(line.substring(BenchServer.READY.length()));
            String runtime = runtimeOverride != null ? runtimeOverride
                    : System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", JVM flags: "
                            + ready.getString("jvm_flags", "");
            return new Target(name, protocol, ready.getString("ws"), ready.getString("control"), ready.getLong("pid", process.pid()),
                    runtime, ready.getString("fanout_symbol"), ready.getJsonObject("journal"), null, process);
        } catch (RuntimeException | InterruptedException e) {
            process.close();
            throw e;
        }
    }

    /**
     * A bench node someone else started ({@code ./tradewire bench serve}): its driver's control endpoint,
     * pid and fan-out symbol come from the node's {@code /health}.
     */
    public static Target external(String wsUrl) throws IOException, InterruptedException {
        URI uri;
        try {
            uri = new URI(wsUrl);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--target is not a URL: " + wsUrl);
        }
        if (!"ws".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("--target must look like ws://HOST:PORT/ws, got " + wsUrl);
        }
        String health = "http://" + uri.getHost() + ":" + uri.getPort() + "/health";
        JsonObject driver;
        try {
            driver = Control.get(health).getJsonObject("components", new JsonObject()).getJsonObject("bench-driver");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + health + ": " + e.getMessage());
        }
        if (driver == null) {
            throw new IllegalStateException("the node at " + wsUrl + " runs no bench driver: start it with ./tradewire bench serve");
        }
        String host = uri.getHost();
        boolean local = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        return new Target(Target.TRADEWIRE, "exchange", wsUrl, driver.getString("control"),
                local ? driver.getLong("pid", -1L) : -1, "external node", driver.getString("fanout-symbol"), null, null, null);
    }

    /** {@code --peers-dir}, else {@code bench/peers} of the repository the jar is in, else of the working directory. */
    Path peersDir() {
        if (options.peersDir != null) {
            return options.peersDir;
        }
        try {
            Path location = Path.of(Targets.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = location; dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("bench/peers"))) {
                    return dir.resolve("bench/peers");
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall back to the working directory
        }
        Path here = Path.of("bench/peers").toAbsolutePath();
        if (Files.isDirectory(here)) {
            return here;
        }
        throw new IllegalStateException("cannot find bench/peers: run from the repository or pass --peers-dir");
    }

    /** Versions of node and of a peer's server package, for the report. */
    static String nodeRuntime(Path dir, String module) {
        String node = "node";
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node = "node " + new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            version.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            JsonObject pkg = new JsonObject(Files.readString(dir.resolve("node_modules").resolve(module).resolve("package.json")));
            return node + ", " + module + " " + pkg.getString("version");
        } catch (IOException | RuntimeException e) {
            return node;
        }
    }
}
