package io.tradewire.gateway.spi;

import io.tradewire.gateway.DialectSettings;
import io.tradewire.gateway.session.Sessions;
import io.vertx.core.Vertx;

/**
 * What a dialect's own transport ({@link HttpTransportCodec}) gets from the gateway.
 *
 * @param sessions       where the transport opens its sessions and feeds what it receives
 * @param settings       the dialect's path, ping interval and idle timeout after configuration
 * @param maxQueuedBytes {@code gateway.max-queued-bytes}: outbound bytes a connection may queue before it
 *                       reports {@code writeQueueFull()}
 */
public record TransportContext(Vertx vertx, Sessions sessions, DialectSettings settings, int maxQueuedBytes) {
}
