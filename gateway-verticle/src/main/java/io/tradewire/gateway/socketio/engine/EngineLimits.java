package io.tradewire.gateway.socketio.engine;

import java.time.Duration;

/**
 * An Engine.IO socket's timing and size limits.
 *
 * @param pingInterval   announced in the open packet; the gateway's heartbeat sends the pings
 * @param pingTimeout    how long a ping may go unanswered before the socket is closed
 * @param connectTimeout how long the socket may live without an authenticated session
 * @param maxPayload     largest long-polling POST body accepted, in bytes (a larger one: HTTP 413, socket closed)
 * @param socketBytes    outbound bytes the socket buffers (waiting for a poll, or in a WebSocket's write queue) before it
 *                       reports itself full; the session then queues further messages ({@code gateway.outbound.*})
 */
record EngineLimits(Duration pingInterval, Duration pingTimeout, Duration connectTimeout, int maxPayload, int socketBytes) {
}
