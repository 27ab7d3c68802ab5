package io.tradewire.gateway.session;

import io.tradewire.model.Addresses;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.event.History;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.Snapshot;
import io.tradewire.model.event.SnapshotRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Asks the notifier over the bus, one request per distinct question at a time: sessions of this gateway that need
 * the same snapshot or the same stretch of history at once (many sessions of one stream noticing one lost message,
 * a reconnect storm) share one request. A shared snapshot may be a little older than a session's subscription; the
 * session's gap detection heals what it lacks. Used on the gateway's event loop only.
 *
 * <p>Each question goes to the notifier that owns the stream's partition ({@link Addresses#notifierSnapshot(String)},
 * {@link Addresses#notifierHistory(String)}). While a partition changes hands it may have no owner for a moment (a
 * notifier joined and the new owner waits out {@code notifier.handover-delay}, 1 s by default): a question that
 * finds nobody listening, or a notifier that no longer owns the partition (503), is asked again after
 * {@link #NO_OWNER_RETRIES_MS}, about 1.5 s in all, before it fails. A question that timed out is asked once more:
 * its notifier may have died with it (a request to a node that is gone is not refused, it is never answered), and by
 * then the cluster has dropped that node's consumers, so the question reaches the partition's new owner.
 */
final class BusStreamReader implements StreamReader {
    /** Where each request's outcome and round trip go (the gateway's meters). */
    interface Meter {
        void request(String address, String type, Throwable failure, long nanos);
    }

    /** The pauses before asking again a partition that had no owner (no handler on its address). */
    static final long[] NO_OWNER_RETRIES_MS = {50, 100, 200, 400, 800};

    private final EventBus bus;
    private final DeliveryOptions options;
    private final Meter meter;
    /** Runs a task after a delay in milliseconds, on the gateway's event loop. */
    private final BiConsumer<Long, Runnable> timer;
    private final Map<String, Future<Snapshot>> snapshots = new HashMap<>();
    private final Map<HistoryRequest, Future<History>> histories = new HashMap<>();

    BusStreamReader(EventBus bus, DeliveryOptions options, Meter meter, BiConsumer<Long, Runnable> timer) {
        this.bus = bus;
        this.options = options;
        this.meter = meter;
        this.timer = timer;
    }

    @Override
    public Future<Snapshot> snapshot(String stream) {
        String address = Addresses.notifierSnapshot(stream);
        return shared(snapshots, stream, () -> owned(0, false, () -> metered(Addresses.NOTIFIER_SNAPSHOT, "snapshot_request",
                bus.<Snapshot>request(address, new SnapshotRequest(stream), options))));
    }

    @Override
    public Future<History> history(HistoryRequest request) {
        String address = Addresses.notifierHistory(request.stream());
        return shared(histories, request, () -> owned(0, false, () -> metered(Addresses.NOTIFIER_HISTORY, "history_request",
                bus.<History>request(address, request, options))));
    }

    /** Asks, asks again after a pause while nobody owns the partition, and once more after a timeout. */
    private <T> Future<T> owned(int attempt, boolean timedOut, Supplier<Future<T>> ask) {
        return ask.get().recover(failure -> {
            if (!(failure instanceof ReplyException reply)) {
                return Future.failedFuture(failure);
            }
            if (reply.failureType() == ReplyFailure.TIMEOUT && !timedOut) {
                return owned(attempt, true, ask);
            }
            if (attempt >= NO_OWNER_RETRIES_MS.length || !noOwner(reply)) {
                return Future.failedFuture(failure);
            }
            Promise<T> again = Promise.promise();
            timer.accept(NO_OWNER_RETRIES_MS[attempt], () -> owned(attempt + 1, timedOut, ask).onComplete(again));
            return again.future();
        });
    }

    /** Nobody listens on the partition's address, or a notifier answered that it does not own the partition (now). */
    private static boolean noOwner(ReplyException reply) {
        return reply.failureType() == ReplyFailure.NO_HANDLERS
                || reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() == ErrorCode.UNAVAILABLE.code();
    }

    private <T> Future<T> metered(String address, String type, Future<Message<T>> reply) {
        long started = System.nanoTime();
        return reply.andThen(done -> meter.request(address, type, done.cause(), System.nanoTime() - started)).map(Message::body);
    }

    private static <K, V> Future<V> shared(Map<K, Future<V>> inFlight, K key, Supplier<Future<V>> ask) {
        Future<V> pending = inFlight.get(key);
        if (pending != null) {
            return pending;
        }
        Future<V> asked = ask.get();
        if (!asked.isComplete()) {
            inFlight.put(key, asked);
            asked.onComplete(done -> inFlight.remove(key));
        }
        return asked;
    }
}
