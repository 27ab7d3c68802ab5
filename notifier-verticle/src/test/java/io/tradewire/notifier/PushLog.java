package io.tradewire.notifier;

import io.tradewire.model.Addresses;
import io.tradewire.model.Offset;
import io.tradewire.model.Side;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.TradeExecuted;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Every {@link Push} the notifiers of a Vert.x instance publish, recorded by an outbound interceptor on the publishing
 * thread (so once a notifier's later push is in the log, all its earlier ones are too), and helpers to wait on them.
 */
final class PushLog {
    private final List<Push> pushes = new CopyOnWriteArrayList<>();

    /** Records what {@code vertx}'s verticles publish from now on. */
    void record(Vertx vertx) {
        vertx.eventBus().addOutboundInterceptor(delivery -> {
            // The body as sent (a clustered message's body() is only decoded on the receiving side).
            if (delivery.body() instanceof Push push) {
                pushes.add(push);
            }
            delivery.next();
        });
    }

    /** A stream's pushes so far, in publishing order. */
    List<Push> of(String stream) {
        List<Push> list = new ArrayList<>();
        for (Push push : pushes) {
            if (push.stream().equals(stream)) {
                list.add(push);
            }
        }
        return list;
    }

    /** Per stream, its pushes so far. */
    Map<String, List<Push>> byStream(List<String> streams) {
        Map<String, List<Push>> map = new LinkedHashMap<>();
        streams.forEach(stream -> map.put(stream, of(stream)));
        return map;
    }

    static String trades(String user) {
        return StreamKeys.userTrades(user);
    }

    /** A fill of {@code user}: one message on {@code user.<user>.trades}. */
    static TradeExecuted trade(String user, int n) {
        return new TradeExecuted("T" + n, "O" + n, user, "IX2301", Side.BUY, Offset.OPEN, new BigDecimal("120.0"),
                BigDecimal.ONE, false, BigDecimal.ZERO, n);
    }

    /** Completes once {@code condition} holds (checked every 10 ms), fails after {@code millis}. */
    static Future<Void> until(Vertx vertx, BooleanSupplier condition, long millis) {
        Promise<Void> promise = Promise.promise();
        long deadline = System.currentTimeMillis() + millis;
        vertx.setPeriodic(0, 10, id -> {
            if (condition.getAsBoolean()) {
                vertx.cancelTimer(id);
                promise.tryComplete();
            } else if (System.currentTimeMillis() > deadline) {
                vertx.cancelTimer(id);
                promise.tryFail("condition not met within " + millis + " ms");
            }
        });
        return promise.future();
    }

    /**
     * Completes once the partition of every stream has an owner answering history requests on {@code vertx}'s bus
     * (asking again while nobody listens), fails after {@code millis}.
     */
    static Future<Void> owned(Vertx vertx, List<String> streams, long millis) {
        List<Future<?>> all = new ArrayList<>();
        long deadline = System.currentTimeMillis() + millis;
        streams.forEach(stream -> all.add(ask(vertx, stream, deadline)));
        return Future.all(all).mapEmpty();
    }

    private static Future<Void> ask(Vertx vertx, String stream, long deadline) {
        return vertx.eventBus().request(Addresses.notifierHistory(stream), HistoryRequest.head(stream),
                        new DeliveryOptions().setSendTimeout(2_000)).<Void>mapEmpty()
                .recover(failure -> {
                    // nobody listens yet, a former owner refused, or a request went to a node that just left
                    boolean nobody = failure instanceof ReplyException reply && (reply.failureType() == ReplyFailure.NO_HANDLERS
                            || reply.failureType() == ReplyFailure.RECIPIENT_FAILURE || reply.failureType() == ReplyFailure.TIMEOUT);
                    if (!nobody || System.currentTimeMillis() > deadline) {
                        return Future.failedFuture(failure);
                    }
                    Promise<Void> again = Promise.promise();
                    vertx.setTimer(10, id -> ask(vertx, stream, deadline).onComplete(again));
                    return again.future();
                });
    }
}
