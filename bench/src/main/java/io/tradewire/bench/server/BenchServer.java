package io.tradewire.bench.server;

import io.tradewire.bench.measure.PayloadShape;
import io.tradewire.broker.BrokerAdapterVerticle;
import io.tradewire.gateway.GatewayVerticle;
import io.tradewire.matching.MatchingVerticle;
import io.tradewire.model.HealthRegistry;
import io.tradewire.notifier.NotifierVerticle;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tradewire bench serve}: one Tradewire node as the benchmarks measure it — the mesh's own
 * verticles (matching, notifier, broker with the simulator off, gateway; deployed in the launcher's order
 * with the same defaults) plus the {@link DriverVerticle} that injects market events. The harness starts
 * it as a separate JVM ({@code java -cp tradewire.jar io.tradewire.bench.server.BenchServer}) and reads
 * the {@code READY {...}} line it prints on standard output; people start it with
 * {@code ./tradewire bench serve} and point {@code bench fanout --target} at it.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run one Tradewire node for benchmarks: the mesh's verticles (simulator off) plus a market-event "
                + "driver on a loopback control port. 'bench fanout --target ws://HOST:PORT/ws' measures it.",
            "The JWT key is $TRADEWIRE_BENCH_SECRET (at least 32 bytes), else a random one."})
public final class BenchServer implements Callable<Integer> {
    /** Environment variable carrying the signing key from the harness to the server and the load generator. */
    public static final String SECRET_ENV = "TRADEWIRE_BENCH_SECRET";
    public static final String READY = "READY ";

    @Option(names = "--host", paramLabel = "ADDR", description = "Address the gateway listens on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--http-port", paramLabel = "N", description = "Gateway port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int httpPort = 8080;

    @Option(names = "--control-port", paramLabel = "N", description = "Driver control port on 127.0.0.1, 0 for any (default: ${DEFAULT-VALUE}).")
    int controlPort = 0;

    @Option(names = "--payload", paramLabel = "BYTES",
            description = "Approximate size of fan-out frames; sets the length of the fan-out instrument's symbol (default: ${DEFAULT-VALUE}).")
    int payload = 200;

    @Option(names = "--fanout-symbol", paramLabel = "SYMBOL", description = "Symbol of the fan-out instrument (overrides --payload).")
    String fanoutSymbol;

    @Option(names = "--order-books", paramLabel = "N", description = "Order-flow instruments OB0..OB<N-1> to add (default: ${DEFAULT-VALUE}).")
    int orderBooks = 0;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: a new temporary directory).")
    Path dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any configuration key, as for 'tradewire run' (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--parts", paramLabel = "LIST", split = ",",
            description = "What this node runs: core (venue, notifier, broker and the market-event driver) and/or gateway "
                    + "(default: core,gateway: the whole mesh in one node).")
    List<String> parts = new ArrayList<>(List.of(CORE, GATEWAY));

    @Option(names = "--cluster", description = "Join a cluster as 'tradewire run --cluster' does (cluster.* keys with --set).")
    boolean cluster;

    /** The venue, notifier and broker verticles with the driver. */
    public static final String CORE = "core";
    public static final String GATEWAY = "gateway";

    public static void main(String[] args) {
        int code = new CommandLine(new BenchServer()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        String symbol = fanoutSymbol != null ? fanoutSymbol : PayloadShape.forBytes(payload).symbol();
        String secret = System.getenv(SECRET_ENV);
        if (secret == null || secret.isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }
        Path data = dataDir != null ? dataDir : Files.createTempDirectory("tradewire-bench-data");
        BenchConfig.Options options = new BenchConfig.Options(host, httpPort, secret, symbol, orderBooks, data.toString(),
                parseSets(sets));

        boolean core = parts.contains(CORE);
        boolean gateway = parts.contains(GATEWAY);
        if (!core && !gateway || !List.of(CORE, GATEWAY).containsAll(parts)) {
            System.err.println("bench server: --parts takes core and/or gateway, got " + parts);
            return 2;
        }
        Vertx vertx = null;
        DriverVerticle driver = core ? new DriverVerticle("127.0.0.1", controlPort, symbol) : null;
        JsonObject config;
        try {
            Vertx loader = Vertx.vertx();
            try {
                config = loadDefaults(loader).map(defaults -> BenchConfig.apply(defaults, options))
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } finally {
                loader.close();
            }
            vertx = cluster ? ClusterJoin.provided().join(config, verticleNames(core, gateway))
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS) : Vertx.vertx();
            deploy(vertx, config, core, gateway, driver).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.err.println("bench server failed to start: " + cause.getMessage());
            if (vertx != null) {
                vertx.close();
            }
            return 1;
        }
        String shownHost = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        JsonObject ready = new JsonObject();
        if (gateway) {
            int port = HealthRegistry.snapshot(vertx).getJsonObject("gateway").getInteger("port");
            String path = config.getJsonObject("gateway", new JsonObject()).getJsonObject("exchange", new JsonObject())
                    .getString("path", "/ws");
            ready.put("ws", "ws://" + shownHost + ":" + port + path);
        }
        if (driver != null) {
            ready.put("control", "http://127.0.0.1:" + driver.actualPort());
        }
        ready.put("pid", ProcessHandle.current().pid())
                .put("fanout_symbol", symbol)
                .put("journal", config.getJsonObject("matching", new JsonObject()).getJsonObject("journal", new JsonObject()))
                .put("jvm_flags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.println(READY + ready.encode());
        System.out.flush();
        System.err.println("Bench node up (" + String.join(",", parts) + "): exchange dialect at " + ready.getString("ws", "-")
                + ", fan-out instrument " + symbol + ", driver at " + ready.getString("control", "-")
                + (gateway && core ? ". Measure it with: ./tradewire bench fanout --target " + ready.getString("ws") : ""));

        Vertx running = vertx;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                // shutting down anyway
            }
        }, "bench-server-shutdown"));
        // Serve until the process is told to stop: the shutdown hook closes Vert.x and the JVM halts.
        new CountDownLatch(1).await();
        return 0;
    }

    static Map<String, String> parseSets(List<String> sets) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set expects KEY=VALUE, got '" + set + "'");
            }
            result.put(set.substring(0, eq).trim(), set.substring(eq + 1));
        }
        return result;
    }

    /** {@code tradewire-defaults.yaml} from the class path, as the launcher reads it. */
    static Future<JsonObject> loadDefaults(Vertx vertx) {
        ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions().setScanPeriod(0)
                .setIncludeDefaultStores(false)
                .addStore(new ConfigStoreOptions().setType("file").setFormat("yaml")
                        .setConfig(new JsonObject().put("path", "tradewire-defaults.yaml"))));
        return retriever.getConfig().andThen(done -> retriever.close());
    }

    /** The verticle names of a node's parts, as the cluster's members announce them. */
    static List<String> verticleNames(boolean core, boolean gateway) {
        List<String> names = new ArrayList<>();
        if (core) {
            names.addAll(List.of("matching", "notifier", "broker"));
        }
        if (gateway) {
            names.add("gateway");
        }
        return names;
    }

    /** The mesh in the launcher's order (matching, notifier, broker, gateway), then the driver; only the parts asked for. */
    static Future<Void> deploy(Vertx vertx, JsonObject config, boolean core, boolean gateway, DriverVerticle driver) {
        List<Supplier<Deployable>> parts = new ArrayList<>();
        if (core) {
            parts.addAll(List.of(MatchingVerticle::new, NotifierVerticle::new, BrokerAdapterVerticle::new));
        }
        if (gateway) {
            parts.add(GatewayVerticle::new);
        }
        if (driver != null) {
            parts.add(() -> driver);
        }
        Future<Void> chain = Future.succeededFuture();
        for (Supplier<Deployable> part : parts) {
            chain = chain.compose(v -> vertx.deployVerticle(part.get(), new DeploymentOptions().setConfig(config)).mapEmpty());
        }
        return chain;
    }
}
