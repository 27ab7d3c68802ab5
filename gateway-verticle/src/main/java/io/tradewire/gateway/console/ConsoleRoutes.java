package io.tradewire.gateway.console;

import io.tradewire.gateway.DialectSettings;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Map;
import java.util.TreeMap;

/**
 * The web console at {@code /console/}: static files from the classpath ({@value #WEB_ROOT}, built by the
 * {@code console} module) and {@code /console/setup.json}, the public facts the page needs (each dialect's
 * path, the instruments with their kind and grid). Every answer carries a Content-Security-Policy that
 * lets the page load from and connect to its own origin only.
 *
 * <p>The console holds no rights of its own: it talks to the dialects over WebSocket like any client, with
 * the token its user pastes, and the dialect paths check the Origin as for any page; the console is
 * same-origin, so it passes without a {@code gateway.allowed-origins} entry.
 */
public final class ConsoleRoutes {
    /** The console's path; {@code /console} redirects here. */
    public static final String PATH = "/console/";
    /** Classpath folder of the console's files (a package-like name, so no folder of the working directory shadows it). */
    static final String WEB_ROOT = "io/tradewire/console/web";
    /**
     * Scripts, styles, images and connections from this origin only ({@code 'self'} covers {@code ws:} /
     * {@code wss:} to the same host and port); no plugins, no framing, no inline script or style.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";
    /** The libraries under {@code vendor/} change only with an upgrade of the jar: cached for a day. */
    static final String VENDOR_CACHE = "public, max-age=86400";
    /** The console's own files are revalidated on every load (If-Modified-Since: 304 when unchanged). */
    static final String APP_CACHE = "no-cache";

    private ConsoleRoutes() {
    }

    /** Adds {@code GET /console} (a redirect), {@code GET /console/setup.json} and {@code GET /console/*} (the files). */
    public static void mount(Router router, InstrumentDirectory instruments, Map<DialectCodec, DialectSettings> dialects) {
        String setup = setup(instruments, dialects).encode();
        StaticHandler files = StaticHandler.create(WEB_ROOT)
                .setIndexPage("index.html")
                .setCachingEnabled(true)
                .setDirectoryListing(false)
                .setIncludeHidden(false)
                .setDefaultContentEncoding("UTF-8");
        // Vert.x matches "/console" for "/console/" too: only the bare path is redirected.
        router.get("/console").handler(ctx -> {
            if (ctx.request().path().equals("/console")) {
                ctx.redirect(PATH);
            } else {
                ctx.next();
            }
        });
        router.route(PATH + "*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ConsoleRoutes::headers);
        router.get(PATH + "setup.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(setup));
        router.route(PATH + "*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(files);
    }

    /** What the page needs to know of this gateway: dialect paths and instruments (all public). */
    static JsonObject setup(InstrumentDirectory instruments, Map<DialectCodec, DialectSettings> dialects) {
        Map<String, Object> paths = new TreeMap<>();
        dialects.forEach((codec, settings) -> paths.put(codec.name(), settings.path()));
        JsonArray list = new JsonArray();
        for (Instrument instrument : instruments.all()) {
            list.add(new JsonObject()
                    .put("symbol", instrument.symbol())
                    .put("kind", instrument.kind().wireName())
                    .put("venue", instrument.routedToVenue())
                    .put("tick_size", instrument.tickSize().toPlainString())
                    .put("lot_size", instrument.lotSize().toPlainString())
                    .put("reference_price", instrument.referencePrice().toPlainString())
                    .put("currency", instrument.currency())
                    .put("region", instrument.region()));
        }
        return new JsonObject().put("dialects", new JsonObject(paths)).put("instruments", list);
    }

    /** Security and cache headers, set as the response's headers are written (over the static handler's own). */
    private static void headers(RoutingContext ctx) {
        boolean vendor = ctx.normalizedPath().startsWith(PATH + "vendor/");
        ctx.addHeadersEndHandler(v -> ctx.response().headers()
                .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer")
                .set("X-Frame-Options", "DENY")
                .set("Cross-Origin-Opener-Policy", "same-origin")
                .set("Cache-Control", vendor ? VENDOR_CACHE : APP_CACHE));
        ctx.next();
    }
}
