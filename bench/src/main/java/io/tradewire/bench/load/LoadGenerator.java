package io.tradewire.bench.load;

import io.tradewire.bench.measure.LatencySummary;
import io.tradewire.bench.measure.Ratios;
import io.tradewire.bench.server.BenchServer;
import io.tradewire.gateway.auth.AuthConfig;
import io.tradewire.gateway.auth.TokenService;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The load generator: its own JVM ({@code java -cp tradewire.jar io.tradewire.bench.load.LoadGenerator}),
 * started by the harness, so that its CPU is measured apart from the server's. Vert.x WebSocket clients,
 * many connections per event loop. It reports on standard output, one JSON object per line
 * ({@code "event"}: setup, ready, measure_start, progress, measure_end, result); logs go to standard error.
 */
@Command(name = "load-generator", mixinStandardHelpOptions = true, description = "Load generator of tradewire bench (started by the harness).")
public final class LoadGenerator implements Callable<Integer> {
    @Parameters(index = "0", description = "fanout, orders, connections or reconnect")
    String mode;
    @Option(names = "--url", required = true)
    String url;
    @Option(names = "--control")
    String control;
    @Option(names = "--protocol")
    String protocol = "exchange";
    @Option(names = "--clients", required = true)
    int clients;
    @Option(names = "--rate")
    double rate;
    @Option(names = "--duration")
    double duration = 10;
    @Option(names = "--warmup")
    double warmup = 2;
    @Option(names = "--symbol")
    String symbol;
    @Option(names = "--threads")
    int threads = 2;
    @Option(names = "--idle")
    double idle = 12;
    @Option(names = "--missed")
    int missed = 20;

    private LoadStats stats;
    private Vertx vertx;

    public static void main(String[] args) {
        int code = new CommandLine(new LoadGenerator()).execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        Protocol proto = Protocol.valueOf(protocol.toUpperCase(Locale.ROOT));
        LoadSpec spec = new LoadSpec(url, control, proto, clients, rate, duration, warmup, symbol, threads, idle);
        stats = new LoadStats();
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
        try {
            switch (mode) {
                case "fanout" -> fanout(spec);
                case "orders" -> orders(spec);
                case "connections" -> connections(spec);
                case "reconnect" -> reconnect(spec);
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
            return 0;
        } catch (Exception e) {
            emit(new JsonObject().put("event", "error").put("message", e.getMessage() == null ? e.toString() : e.getMessage())
                    .put("first_error", stats.firstError.get()));
            return 1;
        }
    }

    private void fanout(LoadSpec spec) throws Exception {
        for (int i = 0; i < threads; i++) {
            deploy(new FanoutClients(spec, stats, LoadSpec.share(clients, threads, i)));
        }
        awaitSetup();
        long ready = stats.ready.sum();
        // HTTP/1.1: the default HTTP/2 client asks plain-HTTP servers to upgrade (h2c), which the WebSocket peers take for a WebSocket upgrade.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        double seconds = warmup + duration;
        HttpRequest publish = HttpRequest.newBuilder(URI.create(control + "/publish?rate=" + rate + "&seconds=" + seconds
                        + "&symbol=" + symbol)).timeout(Duration.ofSeconds((long) seconds + 60))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        CompletableFuture<HttpResponse<String>> published = http.sendAsync(publish, HttpResponse.BodyHandlers.ofString());
        Histogram window = measureWindow(stats.latency, stats.windowReceived, null, null);
        JsonObject answer;
        try {
            // A saturated single-threaded server may finish publishing long after its schedule: wait a while.
            HttpResponse<String> response = published.get(60 + (long) seconds, TimeUnit.SECONDS);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the driver refused to publish: " + response.statusCode() + " " + response.body());
            }
            answer = new JsonObject(response.body());
        } catch (TimeoutException | ExecutionException e) {
            // Still publishing long after its schedule ended: report what arrived; what was lost is unknown.
            answer = new JsonObject();
            stats.error("the server had not finished publishing 60 s after its schedule ended");
        }
        Long count = answer.getLong("published");
        Long expected = count == null ? null : count * ready;
        drain(expected == null ? Long.MAX_VALUE : expected);
        long received = stats.received.sum();
        long delivered = stats.windowReceived.sum();
        emit(result("fanout").put("published", count).put("publisher_max_lag_us", answer.getLong("max_lag_us"))
                .put("publisher_finished", count != null).put("expected", expected).put("received", received)
                .put("lost", expected == null ? null : Math.max(0, expected - received)).put("delivered", delivered)
                .put("delivered_per_s", Math.round(Ratios.perSecond(delivered, (long) (duration * 1e9))))
                .put("avg_bytes", received == 0 ? 0 : stats.receivedBytes.sum() / received)
                .put("latency", LatencySummary.of(window).toJson()));
    }

    private void orders(LoadSpec spec) throws Exception {
        int pairs = clients / 2;
        Function<String, String> tokens = mintTokens(pairs, i -> new String[] {"ob" + i + "a", "ob" + i + "b"});
        int first = 0;
        for (int i = 0; i < threads; i++) {
            int share = LoadSpec.share(pairs, threads, i);
            if (share > 0) {
                deploy(new OrderPairs(spec, stats, first, share, rate / 2.0 * share / pairs, tokens));
            }
            first += share;
        }
        awaitSetup();
        stats.runSeconds = warmup + duration;
        stats.runStartNanos = System.nanoTime();
        Histogram notify = new Histogram(1, LatencySummary.HIGHEST_MICROS, 3);
        Histogram acks = measureWindow(stats.latency, stats.windowAcks, stats.notify, notify);
        // Let the rounds in flight finish.
        long rounds = -1;
        for (int i = 0; i < 50 && rounds != stats.rounds.sum(); i++) {
            rounds = stats.rounds.sum();
            Thread.sleep(200);
        }
        long acked = stats.windowAcks.sum();
        emit(result("orders").put("pairs", pairs).put("orders_acked", acked)
                .put("orders_per_s", Math.round(Ratios.perSecond(acked, (long) (duration * 1e9))))
                .put("offered_per_s", rate).put("rounds", stats.rounds.sum()).put("rejected", stats.rejected.sum())
                .put("skipped_rounds", stats.skipped.sum())
                .put("ack", LatencySummary.of(acks).toJson()).put("notify", LatencySummary.of(notify).toJson()));
    }

    private void connections(LoadSpec spec) throws Exception {
        Function<String, String> tokens = spec.protocol() == Protocol.EXCHANGE
                ? mintTokens(clients, i -> new String[] {"idle" + i})
                : user -> "";
        int first = 0;
        for (int i = 0; i < threads; i++) {
            int share = LoadSpec.share(clients, threads, i);
            deploy(new IdleClients(spec, stats, first, share, tokens));
            first += share;
        }
        awaitSetup();
        long deadline = System.nanoTime() + (long) (idle * 1e9);
        while (System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            emit(new JsonObject().put("event", "progress").put("open", stats.ready.sum() - stats.closed.sum()));
        }
        emit(result("connections").put("held", stats.ready.sum() - stats.closed.sum()).put("idle_s", idle));
        emit(new JsonObject().put("event", "idle_done"));
        // Hold the sessions until the harness has measured the server and closes our standard input.
        InputStream in = System.in;
        while (in.read() >= 0) {
            // wait for end of input
        }
    }

    /**
     * The reconnect storm: every client learns a position, all drop, {@code --missed} account changes per user are
     * published meanwhile, then all reconnect spread over one second and resume; time to resume_response per client.
     */
    private void reconnect(LoadSpec spec) throws Exception {
        Function<String, String> tokens = mintTokens(clients, i -> new String[] {"rc" + i});
        java.util.List<ReconnectClients> shares = new java.util.ArrayList<>();
        int first = 0;
        for (int i = 0; i < threads; i++) {
            int share = LoadSpec.share(clients, threads, i);
            ReconnectClients verticle = new ReconnectClients(spec, stats, first, share, tokens);
            shares.add(verticle);
            deploy(verticle);
            first += share;
        }
        awaitSetup();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long ready = stats.ready.sum();
        postPrivate(http, 1);
        awaitCount(stats.positioned, ready, "every client saw its account stream");
        emit(new JsonObject().put("event", "positioned").put("clients", stats.positioned.sum()));
        shares.forEach(share -> share.later(share::disconnectAll));
        Thread.sleep(500);
        postPrivate(http, missed);
        Thread.sleep(200);
        emit(new JsonObject().put("event", "reconnecting"));
        long start = System.nanoTime() + 100_000_000L;
        shares.forEach(share -> share.later(() -> share.reconnectAll(start, 1_000_000_000L, clients)));
        awaitCount(stats.resumed, stats.positioned.sum(), "every client resumed");
        Histogram resumes = LatencySummary.newHistogram();
        resumes.add(stats.latency.getIntervalHistogram());
        emit(result("reconnect").put("missed_per_client", missed).put("positioned", stats.positioned.sum())
                .put("resumed", stats.resumed.sum()).put("fallbacks", stats.fallbacks.sum()).put("gaps", stats.gaps.sum())
                .put("resume_latency", LatencySummary.of(resumes).toJson()));
    }

    private void postPrivate(HttpClient http, int count) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(control + "/private?prefix=rc&users=" + clients + "&count=" + count))
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the driver refused to publish: " + response.statusCode() + " " + response.body());
        }
    }

    /** Waits until a counter reaches {@code target}; fails when it stops moving for 30 s. */
    private void awaitCount(LongAdder counter, long target, String what) throws InterruptedException {
        long lastChange = System.nanoTime();
        long last = -1;
        while (counter.sum() < target) {
            long now = counter.sum();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > 30e9) {
                throw new IllegalStateException("stalled at " + now + " of " + target + " before " + what + " (" + stats.firstError.get() + ")");
            }
            Thread.sleep(20);
        }
    }

    private Function<String, String> mintTokens(int count, Function<Integer, String[]> users) {
        String secret = System.getenv(BenchServer.SECRET_ENV);
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("$" + BenchServer.SECRET_ENV + " must carry the server's signing key");
        }
        TokenService service = new TokenService(vertx,
                new AuthConfig(secret, false, Path.of("."), "tradewire", "tradewire", Duration.ofHours(2)), secret);
        Map<String, String> tokens = new HashMap<>();
        for (int i = 0; i < count; i++) {
            for (String user : users.apply(i)) {
                tokens.put(user, service.mint(user, Duration.ofHours(2)));
            }
        }
        return tokens::get;
    }

    private void deploy(Deployable verticle) throws Exception {
        vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Waits until every client is ready or failed; fails when nothing moves for 30 s. */
    private void awaitSetup() throws InterruptedException {
        long lastChange = System.nanoTime();
        long lastDone = -1;
        long lastEmit = 0;
        while (true) {
            long done = stats.ready.sum() + stats.failed.sum();
            if (done >= clients) {
                break;
            }
            if (done != lastDone) {
                lastDone = done;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > 30e9) {
                throw new IllegalStateException("setup stalled at " + stats.ready.sum() + " ready, " + stats.failed.sum()
                        + " failed of " + clients + " (" + stats.firstError.get() + ")");
            }
            if (System.nanoTime() - lastEmit > 1e9) {
                lastEmit = System.nanoTime();
                emit(new JsonObject().put("event", "setup").put("ready", stats.ready.sum()).put("failed", stats.failed.sum())
                        .put("clients", clients));
            }
            Thread.sleep(50);
        }
        if (stats.ready.sum() == 0) {
            throw new IllegalStateException("no client could be set up: " + stats.firstError.get());
        }
        emit(new JsonObject().put("event", "ready").put("ready", stats.ready.sum()).put("failed", stats.failed.sum()));
    }

    /**
     * Warm-up, then the measured window: opens it, reports progress every second, closes it. Returns the
     * window's histogram of {@code recorder} (and adds what {@code other} recorded to {@code otherWindow}).
     */
    private Histogram measureWindow(Recorder recorder, LongAdder counter, Recorder other, Histogram otherWindow)
            throws InterruptedException {
        Thread.sleep((long) (warmup * 1000));
        recorder.reset();
        if (other != null) {
            other.reset();
        }
        Histogram window = LatencySummary.newHistogram();
        stats.measuring = true;
        long start = System.nanoTime();
        emit(new JsonObject().put("event", "measure_start"));
        long end = start + (long) (duration * 1e9);
        long previous = counter.sum();
        Histogram interval = null;
        while (System.nanoTime() < end) {
            long sleep = Math.min(1_000_000_000L, end - System.nanoTime());
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
            interval = recorder.getIntervalHistogram(interval);
            window.add(interval);
            if (other != null) {
                otherWindow.add(other.getIntervalHistogram());
            }
            long now = counter.sum();
            emit(new JsonObject().put("event", "progress").put("elapsed_s", Math.round((System.nanoTime() - start) / 1e8) / 10.0)
                    .put("count", now).put("per_s", now - previous).put("p99_us", interval.getValueAtPercentile(99))
                    .put("open", stats.ready.sum() - stats.closed.sum()));
            previous = now;
        }
        stats.measuring = false;
        emit(new JsonObject().put("event", "measure_end"));
        window.add(recorder.getIntervalHistogram());
        if (other != null) {
            otherWindow.add(other.getIntervalHistogram());
        }
        return window;
    }

    /** Waits until {@code expected} frames arrived or nothing arrives for 1.5 s (at most 15 s). */
    private void drain(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        long last = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline && stats.received.sum() < expected) {
            long now = stats.received.sum();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > 1_500_000_000L) {
                break;
            }
            Thread.sleep(100);
        }
    }

    private JsonObject result(String kind) {
        return new JsonObject().put("event", "result").put("mode", kind).put("clients", clients)
                .put("ready", stats.ready.sum()).put("failed", stats.failed.sum()).put("closed", stats.closed.sum())
                .put("window_s", duration).put("warmup_s", warmup).put("threads", threads)
                .put("first_error", stats.firstError.get());
    }

    static synchronized void emit(JsonObject event) {
        System.out.println(event.encode());
        System.out.flush();
    }
}
