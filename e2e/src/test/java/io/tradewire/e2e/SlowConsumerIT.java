package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Addresses;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.Side;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.Tick;
import io.tradewire.model.view.BookLevel;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading (a Vert.x WebSocket client, paused, with a small receive buffer: its TCP window
 * closes) among clients that keep reading, on the same ticker and book streams of the exchange dialect. The
 * mesh runs with small outbound bounds. The slow client is closed as a slow consumer; the others get every
 * push, in sequence. Waits are conditions with hang guards, never timings.
 */
class SlowConsumerIT {
    private static final String INSTRUMENT = "IX2301";
    private static final int BATCH = 200;
    private static final int MAX_BATCHES = 500;
    private Vertx vertx;
    /** Referenced for the whole test: Vert.x closes clients that the garbage collector finds unreferenced. */
    private WebSocketClient readers;
    private WebSocketClient stalled;

    @BeforeEach
    void clients() {
        vertx = Vertx.vertx();
        readers = vertx.createWebSocketClient();
        stalled = vertx.createWebSocketClient(new WebSocketClientOptions().setReceiveBufferSize(4_096));
    }

    @AfterEach
    void close() throws Exception {
        TestMesh.await(vertx.close(), 10);
    }

    @Test
    @DisplayName("A client that stops reading is closed with 1013 and a 503 error; the clients that read lose nothing")
    void slowClientClosedOthersComplete() throws Exception {
        try (TestMesh mesh = TestMesh.start(Map.of(
                "gateway.outbound.max-messages", "100",
                "gateway.outbound.max-bytes", "65536",
                "gateway.outbound.socket-bytes", "4096",
                // Only the outbound bound may end the stalled session here.
                "gateway.exchange.idle-timeout", "300s"))) {
            JsonSocket first = subscribed(readers, mesh);
            JsonSocket second = subscribed(readers, mesh);
            JsonSocket slow = subscribed(stalled, mesh);
            slow.socket.pause();

            long published = 0;
            int batches = 0;
            while (closedSlow(mesh) == 0) {
                assertThat(++batches).as("batches published before the slow client was closed (guard)").isLessThan(MAX_BATCHES);
                published = publishBatch(mesh, published);
                awaitTick(first, published);
            }
            published = publishBatch(mesh, published);
            awaitTick(first, published);
            awaitTick(second, published);

            for (JsonSocket reader : List.of(first, second)) {
                List<JsonObject> pushes = reader.taken();
                pushes.addAll(reader.drain());
                assertContiguous(seqs(pushes, "ticker"));
                assertContiguous(seqs(pushes, "orderbook"));
                assertThat(reader.closed).isNotDone();
            }

            slow.socket.resume();
            short status = slow.closed.get(JsonSocket.GUARD_SECONDS, TimeUnit.SECONDS);
            List<JsonObject> got = slow.taken();
            got.addAll(slow.drain());
            assertThat(status).isEqualTo((short) 1013);
            JsonObject last = got.get(got.size() - 1);
            assertThat(last.getString("type")).isEqualTo("error");
            assertThat(last.getInteger("code")).isEqualTo(503);
            assertThat(last.getInteger("close_code")).isEqualTo(1013);
            // What it did get before the close is in order: tickers without a gap, the book without going back.
            assertContiguous(seqs(got, "ticker"));
            assertIncreasing(seqs(got, "orderbook"));
            assertThat(seqs(got, "ticker").size()).as("the slow client misses what came after its close").isLessThan((int) published);
        }
    }

    @Test
    @DisplayName("Python websocket-client: a client that stops reading gets 503 and 1013, the one that reads misses nothing")
    void pythonSlowClient() throws Exception {
        try (TestMesh mesh = TestMesh.start(Map.of(
                "gateway.outbound.max-messages", "100",
                "gateway.outbound.max-bytes", "65536",
                "gateway.outbound.socket-bytes", "4096",
                "gateway.exchange.idle-timeout", "300s"))) {
            // Ticks without pause while the script runs: five every millisecond on the mesh's event loop.
            long[] published = {0};
            long timer = mesh.vertx().setPeriodic(1, id -> {
                for (int i = 0; i < 5; i++) {
                    published[0]++;
                    mesh.vertx().eventBus().publish(Addresses.EVENTS, new Tick("T" + published[0], INSTRUMENT,
                            BigDecimal.valueOf(100 + published[0] % 50), BigDecimal.ONE, Side.BUY, published[0]));
                }
            });
            try {
                ClientScripts.python("slow_consumer.py", "--url", "http://127.0.0.1:" + mesh.port());
            } finally {
                mesh.vertx().cancelTimer(timer);
            }
        }
    }

    @Test
    @DisplayName("A client behind on a book only is conflated, never closed, and catches up with the latest state")
    void bookOnlyClientConflated() throws Exception {
        try (TestMesh mesh = TestMesh.start(Map.of(
                "gateway.outbound.max-messages", "100",
                "gateway.outbound.max-bytes", "65536",
                "gateway.outbound.socket-bytes", "4096",
                "gateway.exchange.idle-timeout", "300s"))) {
            JsonSocket reader = subscribed(readers, mesh, List.of("orderbook"), null);
            JsonSocket slow = subscribed(stalled, mesh, List.of("orderbook"), null);
            slow.socket.pause();
            long published = 0;
            int batches = 0;
            while (outbound(mesh, "conflated") == 0) {
                assertThat(++batches).as("batches published before the book was conflated (guard)").isLessThan(MAX_BATCHES);
                for (int i = 0; i < BATCH; i++) {
                    published++;
                    mesh.vertx().eventBus().publish(Addresses.EVENTS, book(published));
                }
                awaitBook(reader, published);
                if (batches % 10 == 0) {
                    // The gateway reports its figures once a second: give the report a chance to catch up, so that a
                    // fast machine does not publish hundreds of batches against a stale figure.
                    awaitOutbound(mesh, "conflated", 1_500);
                }
            }
            for (int i = 0; i < BATCH; i++) {
                published++;
                mesh.vertx().eventBus().publish(Addresses.EVENTS, book(published));
            }
            awaitBook(reader, published);
            slow.socket.resume();
            awaitBook(slow, published);
            assertThat(slow.closed).isNotDone();
            List<Long> all = seqs(reader.taken().stream().filter(SlowConsumerIT::published).toList(), "orderbook");
            List<Long> caughtUp = seqs(slow.taken().stream().filter(SlowConsumerIT::published).toList(), "orderbook");
            assertContiguous(all);
            assertThat(all).hasSize((int) published);
            assertIncreasing(caughtUp);
            assertThat(caughtUp.get(caughtUp.size() - 1)).isEqualTo(all.get(all.size() - 1));
            assertThat(caughtUp.size()).as("states skipped while behind").isLessThan(all.size());
            assertThat(outbound(mesh, "closed_slow")).isZero();
        }
    }

    private static BookChanged book(long volume) {
        return new BookChanged(INSTRUMENT, List.of(new BookLevel(BigDecimal.valueOf(99), BigDecimal.valueOf(volume), 1)),
                List.of(), volume);
    }

    private static void awaitBook(JsonSocket socket, long volume) throws Exception {
        socket.await(m -> published(m) && m.getJsonArray("bids").getJsonObject(0).getLong("volume") == volume);
    }

    @Test
    @DisplayName("A book subscribed with max_rate skips updates but always ends on the latest; one without gets every update")
    void throttledBookEndsOnLatest() throws Exception {
        try (TestMesh mesh = TestMesh.start()) {
            JsonSocket plain = subscribed(readers, mesh, null);
            JsonSocket throttled = subscribed(readers, mesh, 1);
            long last = 0;
            for (int i = 0; i < 100; i++) {
                last++;
                mesh.vertx().eventBus().publish(Addresses.EVENTS, new BookChanged(INSTRUMENT,
                        List.of(new BookLevel(BigDecimal.valueOf(99), BigDecimal.valueOf(last), 1)), List.of(), last));
            }
            long lastVolume = last;
            java.util.function.Predicate<JsonObject> latest = m -> published(m) && m.getJsonArray("bids").getJsonObject(0)
                    .getLong("volume") == lastVolume;
            plain.await(latest);
            throttled.await(latest);
            List<Long> all = seqs(plain.taken().stream().filter(SlowConsumerIT::published).toList(), "orderbook");
            List<Long> few = seqs(throttled.taken().stream().filter(SlowConsumerIT::published).toList(), "orderbook");
            assertContiguous(all);
            assertThat(all).hasSize(100);
            assertIncreasing(few);
            assertThat(few.get(few.size() - 1)).isEqualTo(all.get(all.size() - 1));
            // The first update goes at once, the latest when the second is over: a few at most, whatever the machine's speed
            // (a stall delays the release; it cannot add updates, since all 100 arrive within one burst).
            assertThat(few.size()).as("updates sent at most once a second while 100 were published at once").isLessThanOrEqualTo(5);
        }
    }

    /** A book push of this test (the subscription's snapshot of the empty book has no bids). */
    private static boolean published(JsonObject message) {
        return "orderbook".equals(message.getString("type")) && message.getJsonArray("bids") != null
                && !message.getJsonArray("bids").isEmpty();
    }

    private static JsonSocket subscribed(WebSocketClient client, TestMesh mesh) throws Exception {
        return subscribed(client, mesh, null);
    }

    private static JsonSocket subscribed(WebSocketClient client, TestMesh mesh, Integer maxRate) throws Exception {
        return subscribed(client, mesh, List.of("ticker", "orderbook"), maxRate);
    }

    private static JsonSocket subscribed(WebSocketClient client, TestMesh mesh, List<String> channels, Integer maxRate)
            throws Exception {
        JsonSocket socket = JsonSocket.connect(client, mesh.port(), "/ws");
        JsonObject subscribe = new JsonObject().put("type", "subscribe").put("channels", channels)
                .put("instruments", List.of(INSTRUMENT));
        if (maxRate != null) {
            subscribe.put("max_rate", maxRate);
        }
        socket.send(subscribe);
        assertThat(socket.await(m -> "subscribe_response".equals(m.getString("type"))).getBoolean("success")).isTrue();
        // The book's snapshot (the venue's book, empty here) before the test publishes: a snapshot taken while the
        // first updates were already stamped would cover them, and they would rightly never come as updates.
        socket.await(m -> "orderbook".equals(m.getString("type")) && Boolean.TRUE.equals(m.getBoolean("snapshot")));
        return socket;
    }

    /** {@link #BATCH} events: a tick each, and every tenth a book change too; tick timestamps count up from 1. */
    private static long publishBatch(TestMesh mesh, long published) {
        long last = published;
        for (int i = 0; i < BATCH; i++) {
            last++;
            mesh.vertx().eventBus().publish(Addresses.EVENTS, new Tick("T" + last, INSTRUMENT, BigDecimal.valueOf(100 + last % 50),
                    BigDecimal.ONE, Side.BUY, last));
            if (last % 10 == 0) {
                mesh.vertx().eventBus().publish(Addresses.EVENTS, new BookChanged(INSTRUMENT,
                        List.of(new BookLevel(BigDecimal.valueOf(99), BigDecimal.valueOf(last), 1)),
                        List.of(new BookLevel(BigDecimal.valueOf(101), BigDecimal.ONE, 1)), last));
            }
        }
        return last;
    }

    private static void awaitTick(JsonSocket socket, long timestamp) throws Exception {
        socket.await(m -> "ticker".equals(m.getString("type")) && m.getLong("timestamp") == timestamp);
    }

    /** The gateway's count of sessions closed as slow consumers, from the health registry (updated every second). */
    private static long closedSlow(TestMesh mesh) {
        return outbound(mesh, "closed_slow");
    }

    /** A slow-consumer figure of the gateway, from the health registry (updated every second). */
    /** Polls the gateway's reported figure until it is positive or {@code millis} passed. */
    private static void awaitOutbound(TestMesh mesh, String field, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (outbound(mesh, field) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static long outbound(TestMesh mesh, String field) {
        JsonObject gateway = HealthRegistry.snapshot(mesh.vertx()).getJsonObject("gateway");
        return gateway == null || gateway.getJsonObject("outbound") == null ? 0
                : gateway.getJsonObject("outbound").getLong(field, 0L);
    }

    private static List<Long> seqs(List<JsonObject> frames, String type) {
        List<Long> seqs = new ArrayList<>();
        frames.stream().filter(m -> type.equals(m.getString("type"))).forEach(m -> seqs.add(m.getLong("seq")));
        return seqs;
    }

    private static void assertContiguous(List<Long> seqs) {
        assertThat(seqs).isNotEmpty();
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).as("sequence number after %d", seqs.get(i - 1)).isEqualTo(seqs.get(i - 1) + 1);
        }
    }

    private static void assertIncreasing(List<Long> seqs) {
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).as("sequence number after %d", seqs.get(i - 1)).isGreaterThan(seqs.get(i - 1));
        }
    }
}
