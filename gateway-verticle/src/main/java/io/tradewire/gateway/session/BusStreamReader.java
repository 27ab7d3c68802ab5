package io.tradewire.gateway.session;

import io.tradewire.model.Addresses;
import io.tradewire.model.event.History;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.Snapshot;
import io.tradewire.model.event.SnapshotRequest;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.HashMap;
import java.util.Map;

/**
 * Asks the notifier over the bus, one request per distinct question at a time: sessions of this gateway that need
 * the same snapshot or the same stretch of history at once (many sessions of one stream noticing one lost message,
 * a reconnect storm) share one request. A shared snapshot may be a little older than a session's subscription; the
 * session's gap detection heals what it lacks. Used on the gateway's event loop only.
 */
final class BusStreamReader implements StreamReader {
    /** Where each request's outcome and round trip go (the gateway's meters). */
    interface Meter {
        void request(String address, String type, Throwable failure, long nanos);
    }

    private final EventBus bus;
    private final DeliveryOptions options;
    private final Meter meter;
    private final Map<String, Future<Snapshot>> snapshots = new HashMap<>();
    private final Map<HistoryRequest, Future<History>> histories = new HashMap<>();

    BusStreamReader(EventBus bus, DeliveryOptions options, Meter meter) {
        this.bus = bus;
        this.options = options;
        this.meter = meter;
    }

    @Override
    public Future<Snapshot> snapshot(String stream) {
        return shared(snapshots, stream, () -> metered(Addresses.NOTIFIER_SNAPSHOT, "snapshot_request",
                bus.<Snapshot>request(Addresses.NOTIFIER_SNAPSHOT, new SnapshotRequest(stream), options)));
    }

    @Override
    public Future<History> history(HistoryRequest request) {
        return shared(histories, request, () -> metered(Addresses.NOTIFIER_HISTORY, "history_request",
                bus.<History>request(Addresses.NOTIFIER_HISTORY, request, options)));
    }

    private <T> Future<T> metered(String address, String type, Future<Message<T>> reply) {
        long started = System.nanoTime();
        return reply.andThen(done -> meter.request(address, type, done.cause(), System.nanoTime() - started)).map(Message::body);
    }

    private static <K, V> Future<V> shared(Map<K, Future<V>> inFlight, K key, java.util.function.Supplier<Future<V>> ask) {
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
