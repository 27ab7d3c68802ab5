package io.tradewire.gateway.spi;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Optional: a dialect that brings its own HTTP transport instead of the gateway's plain WebSocket
 * upgrade (Engine.IO, for example: HTTP long-polling, WebSocket and the upgrade from one to the other).
 * The gateway routes every request under the dialect's path ({@code path + "*"}, any method) to the
 * handler built here once, at start, on the gateway's event loop.
 *
 * <p>The transport turns its connections into sessions with {@link TransportContext#sessions()} and
 * feeds them as a WebSocket would ({@code open}, {@code received}, {@code alive}, {@code closed},
 * {@code failed}); {@link #decode} and {@link #encode} stay pure. The handler must never block.
 */
public interface HttpTransportCodec extends DialectCodec {

    /** The handler of every request under the dialect's path. */
    Handler<RoutingContext> httpTransport(TransportContext context);
}
