package io.tradewire.bench.server;

import io.tradewire.bench.measure.RateSchedule;
import io.tradewire.model.Addresses;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.Side;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.Tick;
import io.tradewire.model.view.AccountView;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.math.BigDecimal;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's market source inside the bench server: on {@code POST /publish?rate=R&seconds=S&symbol=X}
 * it publishes R canonical {@link Tick} events per second on {@link Addresses#EVENTS} for S seconds — the
 * notifier turns each into a {@code push.market.X.ticker} push, which the gateway fans out to the ticker
 * subscribers — and answers when done. {@code GET /memory} collects garbage and reports the heap.
 *
 * <p>Listens on loopback only, on its own port: the gateway is left exactly as it runs in production.
 * Each Tick's {@code timestamp} carries the instant the event was <em>due</em> by the schedule, in epoch
 * <em>microseconds</em> (the field is epoch milliseconds in the venue's ticks): the load generator, on the
 * same machine and clock, subtracts it from the instant it receives the frame, so a publisher that falls
 * behind its schedule cannot hide the wait (no coordinated omission).
 */
public final class DriverVerticle extends VerticleBase {
    public static final String COMPONENT = "bench-driver";
    static final BigDecimal PRICE = new BigDecimal("120.5");
    private static final Logger LOG = LoggerFactory.getLogger(DriverVerticle.class);

    private final String host;
    private final int port;
    private final String fanoutSymbol;
    private HttpServer server;
    private boolean publishing;

    public DriverVerticle(String host, int port, String fanoutSymbol) {
        this.host = host;
        this.port = port;
        this.fanoutSymbol = fanoutSymbol;
    }

    @Override
    public Future<?> start() {
        BusCodecs.ensureRegistered(vertx);
        return vertx.createHttpServer().requestHandler(this::handle).listen(port, host).onSuccess(listening -> {
            server = listening;
            HealthRegistry.report(vertx, COMPONENT, "UP", new JsonObject()
                    .put("control", "http://" + host + ":" + listening.actualPort())
                    .put("pid", ProcessHandle.current().pid())
                    .put("fanout-symbol", fanoutSymbol));
        });
    }

    @Override
    public Future<?> stop() {
        HealthRegistry.remove(vertx, COMPONENT);
        return server == null ? Future.succeededFuture() : server.close();
    }

    public int actualPort() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/publish") && request.method() == HttpMethod.POST) {
            publish(request);
        } else if (path.equals("/private") && request.method() == HttpMethod.POST) {
            publishPrivate(request);
        } else if (path.equals("/memory") && request.method() == HttpMethod.GET) {
            memory(request);
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    private void publish(HttpServerRequest request) {
        double rate;
        double seconds;
        try {
            rate = Double.parseDouble(request.getParam("rate"));
            seconds = Double.parseDouble(request.getParam("seconds"));
        } catch (RuntimeException e) {
            request.response().setStatusCode(400).end("rate and seconds are required numbers\n");
            return;
        }
        String symbol = request.getParam("symbol", fanoutSymbol);
        if (publishing) {
            request.response().setStatusCode(409).end("already publishing\n");
            return;
        }
        if (!(rate > 0) || !(seconds > 0) || rate > 10_000_000 || seconds > 86_400) {
            request.response().setStatusCode(400).end("rate and seconds must be positive\n");
            return;
        }
        publishing = true;
        LOG.info("Publishing {} ticks/s of {} for {} s", rate, symbol, seconds);
        long startNanos = System.nanoTime();
        long startMicros = nowMicros();
        RateSchedule schedule = new RateSchedule(rate, seconds, startNanos);
        vertx.setPeriodic(1, id -> {
            long first = schedule.sent();
            long n = schedule.take(System.nanoTime());
            for (long i = first; i < first + n; i++) {
                // Stamped with the instant the event was due, not the instant it left: a late publisher's wait counts.
                long due = startMicros + (schedule.scheduledNanos(i) - startNanos) / 1_000;
                vertx.eventBus().publish(Addresses.EVENTS, new Tick("bench-" + (i + 1), symbol, PRICE, BigDecimal.ONE, Side.BUY, due));
            }
            if (schedule.done()) {
                vertx.cancelTimer(id);
                publishing = false;
                request.response().putHeader("content-type", "application/json").end(new JsonObject()
                        .put("published", schedule.sent()).put("max_lag_us", schedule.maxLagNanos() / 1_000)
                        .put("rate", rate).put("seconds", seconds)
                        .put("symbol", symbol).encode());
            }
        });
    }

    /**
     * {@code POST /private?prefix=P&users=N&count=C}: C account changes for each of the users P0 .. P(N-1), round by
     * round, at once — what those users' sessions miss while they are away in {@code bench reconnect}.
     */
    private void publishPrivate(HttpServerRequest request) {
        int users;
        int count;
        try {
            users = Integer.parseInt(request.getParam("users"));
            count = Integer.parseInt(request.getParam("count"));
        } catch (RuntimeException e) {
            request.response().setStatusCode(400).end("users and count are required whole numbers\n");
            return;
        }
        String prefix = request.getParam("prefix", "rc");
        if (users < 1 || users > 1_000_000 || count < 1 || count > 10_000 || !StreamKeys.isValidSegment(prefix + (users - 1))) {
            request.response().setStatusCode(400).end("users 1..1000000, count 1..10000, a prefix of letters and digits\n");
            return;
        }
        long now = System.currentTimeMillis();
        for (int round = 0; round < count; round++) {
            BigDecimal balance = BigDecimal.valueOf(1_000_000 + round);
            for (int user = 0; user < users; user++) {
                vertx.eventBus().publish(Addresses.EVENTS, new AccountChanged(new AccountView(prefix + user, "USD", balance, balance,
                        BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, now)));
            }
        }
        request.response().putHeader("content-type", "application/json")
                .end(new JsonObject().put("published", (long) users * count).encode());
    }

    private void memory(HttpServerRequest request) {
        vertx.executeBlocking(() -> {
            System.gc();
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return new JsonObject().put("heap_used", heap.getUsed()).put("heap_committed", heap.getCommitted())
                    .put("heap_max", heap.getMax()).put("pid", ProcessHandle.current().pid());
        }).onComplete(result -> {
            if (result.failed()) {
                request.response().setStatusCode(500).end(result.cause().toString());
                return;
            }
            JsonObject gateway = HealthRegistry.snapshot(vertx).getJsonObject("gateway", new JsonObject());
            JsonObject sessions = gateway.getJsonObject("sessions", new JsonObject());
            long total = sessions.stream().mapToLong(e -> e.getValue() instanceof Number n ? n.longValue() : 0).sum();
            request.response().putHeader("content-type", "application/json")
                    .end(result.result().put("sessions", total).encode());
        });
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
