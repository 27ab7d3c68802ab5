package io.tradewire.gateway.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tradewire.gateway.session.Sessions;
import io.tradewire.model.Addresses;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.NodeMetrics;
import io.tradewire.model.cluster.ClusterView;
import io.tradewire.model.command.QuerySummary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.function.Function;

/**
 * The operator's HTTP routes on the gateway port, or on the {@link OpsVerticle}'s port of a node without a gateway:
 * {@code GET /health} (liveness, with the node's place in the cluster: {@link ClusterHealth}), {@code GET /ready}
 * (readiness, see {@link Readiness}) and, when the node was built with metrics ({@code metrics.enabled}),
 * {@code GET /metrics} in the Prometheus text format. On a gateway it also wires the sessions' meters.
 */
public final class OpsRoutes {
    /** How long the readiness probe waits for the venue. */
    static final long PROBE_TIMEOUT_MS = 2_000;

    private final Vertx vertx;
    /** The address of every venue that trades an instrument (the default venue first), with a region to ask it about. */
    private final Map<String, String> probes = new LinkedHashMap<>();
    private final DeliveryOptions probeOptions = new DeliveryOptions().setSendTimeout(PROBE_TIMEOUT_MS);

    private OpsRoutes(Vertx vertx, String venue, InstrumentDirectory instruments) {
        this.vertx = vertx;
        String anyRegion = instruments.all().stream().map(Instrument::region).findFirst().orElse("ANY");
        for (String name : instruments.venues(venue)) {
            probes.put(Addresses.matching(name), instruments.all().stream().filter(i -> name.equals(i.venue(venue)))
                    .map(Instrument::region).findFirst().orElse(anyRegion));
        }
    }

    /** Mounts the routes on a gateway; the meters of {@code sessions} (one per dialect in {@code dialects}) record from now on. */
    public static void mount(Router router, Vertx vertx, Sessions sessions, Collection<String> dialects, String venue,
            InstrumentDirectory instruments) {
        mount(router, vertx, venue, instruments, registry -> {
            GatewayMeters meters = new GatewayMeters(registry, sessions, dialects);
            sessions.useMetrics(meters);
            return meters::refresh;
        });
    }

    /** Mounts the routes on a node without a gateway (no session meters). */
    public static void mount(Router router, Vertx vertx, String venue, InstrumentDirectory instruments) {
        mount(router, vertx, venue, instruments, registry -> () -> { });
    }

    /** {@code extraMeters} registers further meters and returns what refreshes them before a scrape. */
    private static void mount(Router router, Vertx vertx, String venue, InstrumentDirectory instruments,
            Function<MeterRegistry, Runnable> extraMeters) {
        OpsRoutes routes = new OpsRoutes(vertx, venue, instruments);
        router.get("/health").handler(routes::health);
        router.get("/ready").handler(routes::ready);
        NodeMetrics.installed(vertx).ifPresent(registry -> {
            Runnable refreshExtra = extraMeters.apply(registry);
            ComponentMeters components = new ComponentMeters(registry);
            if (registry instanceof PrometheusMeterRegistry prometheus) {
                router.get("/metrics").handler(ctx -> {
                    refreshExtra.run();
                    components.refresh(HealthRegistry.snapshot(vertx));
                    ctx.next();
                }).handler(PrometheusScrapingHandler.create(prometheus));
            }
        });
    }

    private void health(RoutingContext ctx) {
        JsonObject components = HealthRegistry.snapshot(vertx);
        JsonObject body = Readiness.health(components).put("cluster", ClusterHealth.render(ClusterView.of(vertx), components));
        respond(ctx, Readiness.UP.equals(body.getString("status")), body);
    }

    private void ready(RoutingContext ctx) {
        probeVenue().onComplete(probe -> {
            Map<String, Readiness.Check> checks = Readiness.checks(HealthRegistry.snapshot(vertx), probe.result(), vertx.isClustered());
            respond(ctx, Readiness.isReady(checks), Readiness.ready(checks));
        });
    }

    /**
     * A public query to every venue that trades an instrument: the probe passes when each one answered (with several
     * venues, the detail lists each venue's outcome).
     */
    private Future<Readiness.VenueProbe> probeVenue() {
        List<Future<Readiness.VenueProbe>> each = new ArrayList<>();
        probes.forEach((address, region) -> each.add(probeVenue(address, region)));
        return Future.join(each).map(v -> each.size() == 1 ? each.get(0).result() : combine(each));
    }

    private static Readiness.VenueProbe combine(List<Future<Readiness.VenueProbe>> each) {
        List<Readiness.VenueProbe> results = each.stream().map(Future::result).toList();
        return new Readiness.VenueProbe(results.stream().map(Readiness.VenueProbe::address).collect(Collectors.joining(",")),
                results.stream().allMatch(Readiness.VenueProbe::answered),
                results.stream().map(r -> r.address() + " " + r.detail()).collect(Collectors.joining("; ")));
    }

    /** A public query to one venue: it answers once it has recovered, and refuses (503) when it failed closed. */
    private Future<Readiness.VenueProbe> probeVenue(String venueAddress, String probeRegion) {
        long started = System.nanoTime();
        return vertx.eventBus().request(venueAddress, new QuerySummary(probeRegion), probeOptions)
                .map(reply -> new Readiness.VenueProbe(venueAddress, true,
                        "answered in " + (System.nanoTime() - started) / 1_000_000 + " ms"))
                .otherwise(cause -> new Readiness.VenueProbe(venueAddress, answered(cause), describe(cause)));
    }

    private static boolean answered(Throwable cause) {
        return cause instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
                && reply.failureCode() != ErrorCode.UNAVAILABLE.code();
    }

    private static String describe(Throwable cause) {
        if (!(cause instanceof ReplyException reply)) {
            return "probe failed: " + cause.getClass().getSimpleName();
        }
        return switch (reply.failureType()) {
            case NO_HANDLERS -> "no venue on the bus (not started, or still recovering its journal)";
            case TIMEOUT -> "no answer within " + PROBE_TIMEOUT_MS + " ms";
            case RECIPIENT_FAILURE -> reply.failureCode() == ErrorCode.UNAVAILABLE.code()
                    ? "unavailable: " + reply.getMessage() : "answered (" + reply.getMessage() + ")";
            default -> "probe failed: " + reply.failureType();
        };
    }

    private static void respond(RoutingContext ctx, boolean ok, JsonObject body) {
        ctx.response().setStatusCode(ok ? 200 : 503).putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store").end(body.encodePrettily());
    }
}
