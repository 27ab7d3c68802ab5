package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test client's WebSocket that queues every message it receives as JSON (a frame that is not a JSON
 * object, such as Socket.IO's {@code 0{...}}, as {@code {"raw": text}}) and remembers its close status.
 * Waits are failure guards, never measurements; a failed wait lists everything received so far.
 */
final class JsonSocket {
    static final int GUARD_SECONDS = 15;

    final WebSocket socket;
    /** The server's close status (-1 when it sent none). */
    final CompletableFuture<Short> closed = new CompletableFuture<>();
    private final LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final List<JsonObject> seen = Collections.synchronizedList(new ArrayList<>());

    private JsonSocket(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> received.add(text.startsWith("{") ? new JsonObject(text) : new JsonObject().put("raw", text)));
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode() == null ? -1 : socket.closeStatusCode()));
    }

    /**
     * Connects with the handlers set before connecting: what a server sends first (a greeting, an
     * Engine.IO open packet) may arrive together with the handshake response. Keep the client referenced:
     * Vert.x closes a client that the garbage collector finds unreferenced.
     */
    static JsonSocket connect(WebSocketClient client, WebSocketConnectOptions options) throws Exception {
        ClientWebSocket socket = client.webSocket();
        JsonSocket wrapped = new JsonSocket(socket);
        TestMesh.await(socket.connect(options), 10);
        return wrapped;
    }

    static JsonSocket connect(WebSocketClient client, int port, String uri) throws Exception {
        return connect(client, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri));
    }

    void send(JsonObject message) throws Exception {
        TestMesh.await(socket.writeTextMessage(message.encode()), 10);
    }

    /** The next message that matches; the ones before it are passed over. */
    JsonObject await(Predicate<JsonObject> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (true) {
            JsonObject next = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(next).as("the expected message (failure guard); received so far: %s", seen).isNotNull();
            seen.add(next);
            if (wanted.test(next)) {
                return next;
            }
        }
    }

    /** Everything received so far: what the waits passed over or returned, then what is still queued (nothing is taken). */
    List<JsonObject> receivedSoFar() {
        List<JsonObject> all = taken();
        all.addAll(received);
        return all;
    }

    /** Everything {@link #await} went through so far (the messages it passed over and the ones it returned), in order. */
    List<JsonObject> taken() {
        synchronized (seen) {
            return new ArrayList<>(seen);
        }
    }

    /** Everything received and not yet taken (after the close: everything). */
    List<JsonObject> drain() {
        List<JsonObject> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    void close() throws Exception {
        if (!closed.isDone()) {
            TestMesh.await(socket.close(), 10);
        }
    }
}
