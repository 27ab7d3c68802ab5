package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Raw WebSocket clients for the security tests (issue 9): every text frame a connection receives is
 * queued for the test and kept for whole-conversation assertions ("nothing of user A ever reached B").
 * Handlers are attached in the connect callback, on the client's event loop, so that nothing the server
 * sends first is missed. Waits are failure guards only ({@link #GUARD_SECONDS}), never timing assertions.
 *
 * <p>One instance per test class; it owns its Vert.x instance and keeps its {@link WebSocketClient}
 * referenced (Vert.x closes a client the garbage collector finds unreferenced).
 */
final class WireClient implements AutoCloseable {
    /** The longest any single expected event may take before the test fails (a guard against hangs). */
    static final long GUARD_SECONDS = 15;

    private final Vertx vertx = Vertx.vertx();
    private final WebSocketClient client;
    private final int port;

    WireClient(int port) {
        this.port = port;
        // Large enough to receive anything the gateway sends; outgoing frames are never split by the
        // client when written with writeFrame.
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(16 * 1024 * 1024).setMaxMessageSize(16 * 1024 * 1024));
    }

    /** Opens a WebSocket on {@code uri} (path and query) of the gateway. */
    Conn open(String name, String uri) throws Exception {
        return open(name, uri, Map.of());
    }

    /** Opens a WebSocket with extra upgrade-request headers (e.g. {@code Authorization}). */
    Conn open(String name, String uri, Map<String, String> headers) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
        headers.forEach(options::putHeader);
        // Handlers are set before connecting: a server that speaks first (a greeting, an Engine.IO open
        // packet) may have its first frame arrive together with the handshake response.
        ClientWebSocket socket = client.webSocket();
        Conn conn = new Conn(name, socket);
        TestMesh.await(socket.connect(options), GUARD_SECONDS);
        return conn;
    }

    /**
     * Opens a Socket.IO session over a WebSocket ({@code /socket.io/?EIO=4&transport=websocket}, plus
     * {@code extraQuery}) and waits for the Engine.IO open packet. Engine.IO pings are answered.
     */
    SocketIo openSocketIo(String name, String extraQuery, Map<String, String> headers) throws Exception {
        Conn conn = open(name, "/socket.io/?EIO=4&transport=websocket" + extraQuery, headers);
        String open = conn.awaitText(text -> text.startsWith("0"));
        assertThat(new JsonObject(open.substring(1)).getString("sid")).as("Engine.IO open packet %s", open).isNotBlank();
        return new SocketIo(conn);
    }

    @Override
    public void close() throws Exception {
        TestMesh.await(vertx.close(), GUARD_SECONDS);
    }

    /** One WebSocket connection: a queue of received text frames, the whole conversation, the close status. */
    static final class Conn {
        final String name;
        private final WebSocket socket;
        private final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        private final List<String> everything = Collections.synchronizedList(new ArrayList<>());
        private final List<String> taken = new ArrayList<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private volatile boolean answerEnginePings;

        Conn(String name, WebSocket socket) {
            this.name = name;
            this.socket = socket;
            socket.textMessageHandler(text -> {
                everything.add(text);
                if (answerEnginePings && text.equals("2")) {
                    socket.writeTextMessage("3"); // Engine.IO PONG, so the session is not dropped
                }
                inbox.add(text);
            });
            socket.binaryMessageHandler(data -> everything.add("(binary " + data.length() + " bytes)"));
            socket.closeHandler(v -> {
                Short code = socket.closeStatusCode();
                closed.complete(code == null ? -1 : (int) code);
            });
            socket.exceptionHandler(error -> { /* the close handler reports the outcome */ });
        }

        void send(String text) throws Exception {
            TestMesh.await(socket.writeTextMessage(text), GUARD_SECONDS);
        }

        void send(JsonObject message) throws Exception {
            send(message.encode());
        }

        /** Writes without waiting; false when the socket is already closed (a flood may be cut off). */
        boolean trySend(String text) {
            if (socket.isClosed()) {
                return false;
            }
            socket.writeTextMessage(text);
            return true;
        }

        /** One text frame of any size, unsplit. */
        void sendSingleFrame(String text) throws Exception {
            TestMesh.await(socket.writeFrame(WebSocketFrame.textFrame(text, true)), GUARD_SECONDS);
        }

        /**
         * A text message whose payload is exactly {@code prefix} + {@code bytes} (the bytes possibly invalid
         * UTF-8): a text frame with the (non-empty, ASCII) prefix, then a continuation frame with the bytes.
         * (An empty first fragment is avoided on purpose: Vert.x 5.1.6 cannot append to it.)
         */
        void sendTextBytes(String prefix, byte[] bytes) throws Exception {
            TestMesh.await(socket.writeFrame(WebSocketFrame.textFrame(prefix, false)), GUARD_SECONDS);
            TestMesh.await(socket.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(bytes), true)), GUARD_SECONDS);
        }

        /** One message as {@code head}, then {@code frames} continuation frames of {@code padding} each (the last one final). */
        void sendFragmented(String head, String padding, int frames) throws Exception {
            TestMesh.await(socket.writeFrame(WebSocketFrame.textFrame(head, false)), GUARD_SECONDS);
            for (int i = 1; i <= frames; i++) {
                TestMesh.await(socket.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(padding), i == frames)),
                        GUARD_SECONDS);
            }
        }

        /** The next received text frame that matches (earlier non-matching frames are passed over). */
        String awaitText(Predicate<String> wanted) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
            while (true) {
                String next = inbox.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(next).as("[%s] the expected frame (failure guard); the last frames received: %s; closed: %s",
                        name, taken.subList(Math.max(0, taken.size() - 20), taken.size()), closed.getNow(null)).isNotNull();
                taken.add(next);
                if (wanted.test(next)) {
                    return next;
                }
            }
        }

        /** The next received JSON object that matches. */
        JsonObject await(Predicate<JsonObject> wanted) throws Exception {
            return new JsonObject(awaitText(text -> {
                try {
                    return wanted.test(new JsonObject(text));
                } catch (DecodeException | ClassCastException notAnObject) {
                    return false;
                }
            }));
        }

        /** The next JSON object whose {@code type} is {@code type}. */
        JsonObject awaitType(String type) throws Exception {
            return await(m -> type.equals(m.getValue("type")));
        }

        /** Sends an application-level {@code {"type":"ping"}} and waits for its {@code pong}. */
        void pingPong() throws Exception {
            send(new JsonObject().put("type", "ping"));
            awaitType("pong");
        }

        /** The close status code, waiting for the close within the guard (-1: closed without a status). */
        int awaitClose() throws Exception {
            return closed.get(GUARD_SECONDS, TimeUnit.SECONDS);
        }

        boolean isClosed() {
            return closed.isDone();
        }

        /** The Vert.x socket, for frames this class does not write itself. */
        WebSocket socket() {
            return socket;
        }

        /** Every text frame received so far, in order. */
        List<String> everything() {
            synchronized (everything) {
                return List.copyOf(everything);
            }
        }

        void close() throws Exception {
            if (!socket.isClosed()) {
                TestMesh.await(socket.close(), GUARD_SECONDS);
            }
        }
    }

    /** A Socket.IO 5 client over one Engine.IO WebSocket: packets without the Engine.IO {@code 4} prefix. */
    static final class SocketIo {
        final Conn conn;

        SocketIo(Conn conn) {
            this.conn = conn;
            conn.answerEnginePings = true;
        }

        /** Sends a Socket.IO packet (the Engine.IO MESSAGE prefix {@code 4} is added). */
        void send(String packet) throws Exception {
            conn.send("4" + packet);
        }

        /** CONNECT to {@code /} with an auth payload (null: none, as socket.io-client without auth). */
        void connect(JsonObject auth) throws Exception {
            send(auth == null ? "0" : "0" + auth.encode());
        }

        void emit(String event, JsonObject payload) throws Exception {
            send("2" + new JsonArray().add(event).add(payload).encode());
        }

        /** The next Socket.IO packet (Engine.IO prefix removed) that starts with {@code prefix}. */
        String awaitPacket(String prefix) throws Exception {
            return conn.awaitText(text -> text.startsWith("4" + prefix)).substring(1);
        }

        /** The next event {@code name}: its payload (second array element). */
        JsonObject awaitEvent(String name) throws Exception {
            String packet = conn.awaitText(text -> text.startsWith("42[") && new JsonArray(text.substring(2)).getString(0).equals(name));
            return new JsonArray(packet.substring(2)).getJsonObject(1);
        }

        /** The answer to a CONNECT: {@code 40{"sid":…}} (accepted) or {@code 44{…}} (refused). */
        String awaitConnectAnswer() throws Exception {
            return conn.awaitText(text -> text.startsWith("40") || text.startsWith("44")).substring(1);
        }
    }
}
