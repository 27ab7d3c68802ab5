package io.tradewire.notifier;

import io.tradewire.model.StreamKeys;
import io.tradewire.model.StreamPartitions;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The states of the streams somebody asked a snapshot of. A stream is followed from its first request
 * on: its state is rebuilt once with venue queries (one per venue that holds part of it, {@link Bootstrap}), then kept
 * current from the events. While the queries are out, events of that stream are not applied: each venue answers queries
 * in order with its commands, so its events are already in its reply. The snapshot waits for every reply and fails
 * when one fails (never a snapshot with a venue left out). Single-threaded (the notifier's context).
 */
final class Snapshots {
    private final Sequencer sequencer;
    private final Bootstrap bootstrap;
    private final Function<Bootstrap.Query, Future<Object>> venue;
    private final Map<String, StreamState> ready = new HashMap<>();
    private final Map<String, List<Promise<Snapshot>>> pending = new HashMap<>();

    private final LongSupplier clock;

    Snapshots(Sequencer sequencer, Bootstrap bootstrap, Function<Bootstrap.Query, Future<Object>> venue, LongSupplier clock) {
        this.sequencer = sequencer;
        this.bootstrap = bootstrap;
        this.venue = venue;
        this.clock = clock;
    }

    /** An event stamped on a stream: keeps the stream's state current if it is followed. */
    void apply(String stream, Event event) {
        StreamState state = ready.get(stream);
        if (state != null) {
            state.apply(event);
        }
    }

    /** The stream's state at its latest sequence number. */
    Future<Snapshot> snapshot(String stream) {
        StreamKeys.Parsed key = StreamKeys.parse(stream);
        if (key == null) {
            return Future.failedFuture(new IllegalArgumentException("not a stream key"));
        }
        StreamState state = ready.get(stream);
        if (state != null && state.staleAt(clock.getAsLong())) {
            ready.remove(stream);
            state = null;
        }
        if (state != null) {
            return Future.succeededFuture(snapshotOf(stream, state));
        }
        List<Promise<Snapshot>> waiting = pending.get(stream);
        Promise<Snapshot> promise = Promise.promise();
        if (waiting != null) {
            waiting.add(promise);
            return promise.future();
        }
        List<Bootstrap.Query> queries = bootstrap.queriesFor(key);
        if (queries.isEmpty()) {
            StreamState empty = new StreamState(key.kind(), List.of());
            ready.put(stream, empty);
            return Future.succeededFuture(snapshotOf(stream, empty));
        }
        waiting = new ArrayList<>();
        waiting.add(promise);
        pending.put(stream, waiting);
        List<Promise<Snapshot>> asked = waiting;
        List<Future<Object>> replies = queries.stream().map(venue).toList();
        Future.all(replies).onComplete(reply -> {
            if (pending.get(stream) != asked) {
                return; // the stream's partition was dropped meanwhile: the reply may miss what came since
            }
            List<Promise<Snapshot>> answered = pending.remove(stream);
            if (reply.succeeded()) {
                StreamState rebuilt = new StreamState(key.kind(), Bootstrap.eventsOf(replies.stream().map(Future::result).toList()));
                ready.put(stream, rebuilt);
                Snapshot snapshot = snapshotOf(stream, rebuilt);
                answered.forEach(p -> p.complete(snapshot));
            } else {
                answered.forEach(p -> p.fail(reply.cause()));
            }
        });
        return promise.future();
    }

    /**
     * Forgets the streams of {@code partitions} (a partition lost or started over): their states stop being kept
     * current the moment the partition is not owned, so they are rebuilt from the venue when asked again. Requests
     * waiting for a venue reply fail ({@link StreamMovedException}).
     */
    void drop(BitSet partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        ready.keySet().removeIf(stream -> partitions.get(StreamPartitions.of(stream)));
        List<Promise<Snapshot>> failed = new ArrayList<>();
        for (Iterator<Map.Entry<String, List<Promise<Snapshot>>>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, List<Promise<Snapshot>>> entry = it.next();
            if (partitions.get(StreamPartitions.of(entry.getKey()))) {
                failed.addAll(entry.getValue());
                it.remove();
            }
        }
        failed.forEach(p -> p.fail(new StreamMovedException()));
    }

    /** A snapshot asked while its stream's partition changed hands. */
    static final class StreamMovedException extends RuntimeException {
        StreamMovedException() {
            super("the stream's partition changed owner", null, false, false);
        }
    }

    /** Number of streams followed. */
    int followed() {
        return ready.size();
    }

    private Snapshot snapshotOf(String stream, StreamState state) {
        return new Snapshot(stream, sequencer.epoch(stream), sequencer.lastSeq(stream), state.events());
    }
}
