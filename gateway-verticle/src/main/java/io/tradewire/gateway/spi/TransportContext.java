package io.tradewire.gateway.spi;

import io.tradewire.gateway.DialectSettings;
import io.tradewire.gateway.session.Sessions;
import io.vertx.core.Vertx;

/**
 * What a dialect's own transport ({@link HttpTransportCodec}) gets from the gateway.
 *
 * @param sessions       where the transport opens its sessions and feeds what it receives
 * @param settings       the dialect's path, ping interval and idle timeout after configuration
 * @param socketBytes    {@code gateway.outbound.socket-bytes}: outbound bytes a connection buffers itself before it
 *                       reports {@code writeQueueFull()} (then the session queues, see {@code gateway.outbound.*})
 */
public record TransportContext(Vertx vertx, Sessions sessions, DialectSettings settings, int socketBytes) {
}
