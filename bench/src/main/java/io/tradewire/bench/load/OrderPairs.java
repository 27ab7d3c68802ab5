package io.tradewire.bench.load;

import io.tradewire.bench.measure.LatencySummary;
import io.tradewire.bench.measure.RateSchedule;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A share of the order-flow pairs on one event loop. Pair {@code i} is users {@code ob<i>a} and
 * {@code ob<i>b} trading instrument {@code OB<i>} alone. A round: the maker's SELL rests, and once it is
 * acknowledged the taker's BUY at the same price trades with it; the round ends when the taker's
 * {@code order_response} and the {@code trade} push of both counterparties have arrived. Even rounds open
 * (a short, b long), odd rounds close both, so positions stay within one lot. Ack latency is submit →
 * {@code order_response} (both orders); notification latency is the taker's submit → each {@code trade}.
 * Rounds start at an open-loop rate; a round due while every pair of this loop is busy is counted as skipped.
 */
final class OrderPairs extends VerticleBase {
    private static final byte[] ORDER_RESPONSE = Frames.bytes("{\"type\":\"order_response\"");
    private static final byte[] ORDER_OK = Frames.bytes("{\"type\":\"order_response\",\"success\":true");
    private static final byte[] TRADE = Frames.bytes("{\"type\":\"trade\"");

    private final LoadSpec spec;
    private final LoadStats stats;
    private final int firstPair;
    private final int pairCount;
    private final double roundsPerSecond;
    private final Function<String, String> tokens;
    private final List<Pair> pairs = new ArrayList<>();
    private final ArrayDeque<Pair> idle = new ArrayDeque<>();
    private WebSocketClient client;
    private RateSchedule schedule;

    private final class Pair {
        final String symbol;
        final String[] users;
        final WebSocket[] sockets = new WebSocket[2];
        int round;
        /** 0 idle, 1 maker's order sent, 2 taker's order sent. */
        int phase;
        long makerSent;
        long takerSent;
        boolean takerAcked;
        int trades;
        int ready;

        Pair(int index) {
            this.symbol = "OB" + index;
            this.users = new String[] {"ob" + index + "a", "ob" + index + "b"};
        }

        int maker() {
            return round % 2 == 0 ? 0 : 1;
        }

        String offset() {
            return round % 2 == 0 ? "OPEN" : "CLOSE";
        }
    }

    OrderPairs(LoadSpec spec, LoadStats stats, int firstPair, int pairCount, double roundsPerSecond,
            Function<String, String> tokens) {
        this.spec = spec;
        this.stats = stats;
        this.firstPair = firstPair;
        this.pairCount = pairCount;
        this.roundsPerSecond = roundsPerSecond;
        this.tokens = tokens;
    }

    @Override
    public Future<?> start() {
        client = vertx.createWebSocketClient(spec.clientOptions(2 * pairCount));
        for (int i = 0; i < pairCount; i++) {
            pairs.add(new Pair(firstPair + i));
        }
        SocketLife.connectAll(client, stats, 2 * pairCount, index -> spec.connectOptions(pairs.get(index / 2).users[index % 2], index),
                (socket, index) -> opened(pairs.get(index / 2), index % 2, socket));
        vertx.setPeriodic(1, id -> tick());
        return Future.succeededFuture();
    }

    private void opened(Pair pair, int side, WebSocket socket) {
        pair.sockets[side] = socket;
        SocketLife.follow(socket, stats, Protocol.EXCHANGE, null, "authentication refused", () -> {
            if (++pair.ready == 2) {
                idle.add(pair);
            }
        }, frame -> received(pair, side, frame), null);
        socket.writeTextMessage(Protocol.auth(pair.users[side], tokens.apply(pair.users[side])));
    }

    /** Starts the rounds due now on idle pairs. */
    private void tick() {
        long start = stats.runStartNanos;
        if (start == 0) {
            return;
        }
        if (schedule == null) {
            schedule = roundsPerSecond > 0 ? new RateSchedule(roundsPerSecond, stats.runSeconds, start) : null;
            if (schedule == null) {
                return;
            }
        }
        for (long n = schedule.done() ? 0 : schedule.take(System.nanoTime()); n > 0; n--) {
            Pair pair = idle.poll();
            if (pair == null) {
                stats.skipped.increment();
                continue;
            }
            pair.phase = 1;
            pair.trades = 0;
            pair.takerAcked = false;
            pair.makerSent = System.nanoTime();
            submit(pair, pair.maker(), "SELL");
        }
    }

    private void submit(Pair pair, int side, String direction) {
        pair.sockets[side].writeTextMessage("{\"type\":\"submit_order\",\"instrument_id\":\"" + pair.symbol
                + "\",\"direction\":\"" + direction + "\",\"offset\":\"" + pair.offset()
                + "\",\"volume\":1,\"price\":120.0,\"order_type\":\"LIMIT\"}");
    }

    private void received(Pair pair, int side, Buffer frame) {
        long now = System.nanoTime();
        stats.received.increment();
        if (Frames.startsWith(frame, ORDER_RESPONSE)) {
            boolean ok = Frames.startsWith(frame, ORDER_OK);
            if (pair.phase == 1 && side == pair.maker()) {
                ack(now - pair.makerSent);
                if (!ok) {
                    reject(pair, frame);
                    return;
                }
                pair.phase = 2;
                pair.takerSent = System.nanoTime();
                submit(pair, 1 - pair.maker(), "BUY");
            } else if (pair.phase == 2 && side != pair.maker()) {
                ack(now - pair.takerSent);
                if (!ok) {
                    reject(pair, frame);
                    return;
                }
                pair.takerAcked = true;
                finishIfComplete(pair);
            }
        } else if (Frames.startsWith(frame, TRADE) && pair.phase == 2) {
            if (stats.measuring) {
                stats.notify.recordValue(LatencySummary.clamp((now - pair.takerSent) / 1_000));
            }
            pair.trades++;
            finishIfComplete(pair);
        }
    }

    private void ack(long nanos) {
        if (stats.measuring) {
            stats.latency.recordValue(LatencySummary.clamp(nanos / 1_000));
            stats.windowAcks.increment();
        }
    }

    private void reject(Pair pair, Buffer frame) {
        stats.rejected.increment();
        stats.error("order refused: " + frame);
        pair.phase = 0;
        pair.round++;
        idle.add(pair);
    }

    private void finishIfComplete(Pair pair) {
        if (pair.takerAcked && pair.trades >= 2) {
            pair.phase = 0;
            pair.round++;
            stats.rounds.increment();
            idle.add(pair);
        }
    }
}
