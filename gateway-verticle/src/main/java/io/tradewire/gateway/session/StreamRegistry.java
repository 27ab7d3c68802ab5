package io.tradewire.gateway.session;

import io.tradewire.model.Addresses;
import io.tradewire.model.StreamPartitions;
import io.tradewire.model.event.PartitionEpochs;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.StreamHead;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The streams this gateway's sessions subscribe to. A stream's {@code push.<stream>} consumer exists
 * only while at least one local session wants it, so a gateway receives only what its sessions read.
 * Each push (and each {@link StreamHead}) goes to every subscribed session's {@link Sequencing}, which
 * decides when it goes out.
 */
final class StreamRegistry {
    private final EventBus bus;
    private final Map<String, Subscribers> byStream = new HashMap<>();
    /** The latest epoch announced per partition (0: none yet). */
    private final long[] partitionEpochs = new long[StreamPartitions.COUNT];

    private static final class Subscribers {
        private static final Session[] NONE = new Session[0];
        final MessageConsumer<Object> consumer;
        /** How the stream's pushes conflate in a slow session's queue: worked out once, not per push. */
        final OutboundQueue.Conflation conflation;
        final Set<Session> sessions = new LinkedHashSet<>();
        /** The sessions as an array, rebuilt only after a change: a push iterates it without copying. */
        private Session[] snapshot = NONE;
        private boolean changed;

        Subscribers(MessageConsumer<Object> consumer, OutboundQueue.Conflation conflation) {
            this.consumer = consumer;
            this.conflation = conflation;
        }

        void add(Session session) {
            changed |= sessions.add(session);
        }

        boolean remove(Session session) {
            boolean removed = sessions.remove(session);
            changed |= removed;
            return removed;
        }

        /** Stable while a push is delivered, even if a session unsubscribes or closes meanwhile. */
        Session[] snapshot() {
            if (changed) {
                snapshot = sessions.toArray(NONE);
                changed = false;
            }
            return snapshot;
        }
    }

    StreamRegistry(EventBus bus) {
        this.bus = bus;
    }

    /** @return whether the session was not subscribed to the stream before */
    boolean subscribe(Session session, String stream) {
        if (!session.addStream(stream)) {
            return false;
        }
        byStream.computeIfAbsent(stream, key -> new Subscribers(
                bus.consumer(Addresses.push(key), message -> receive(key, message.body())), OutboundQueue.Conflation.of(key)))
                .add(session);
        return true;
    }

    void unsubscribe(Session session, String stream) {
        if (!session.removeStream(stream)) {
            return;
        }
        Subscribers subscribers = byStream.get(stream);
        if (subscribers != null && subscribers.remove(session) && subscribers.sessions.isEmpty()) {
            byStream.remove(stream);
            subscribers.consumer.unregister();
        }
    }

    void unsubscribeAll(Session session) {
        for (String stream : List.copyOf(session.streams())) {
            unsubscribe(session, stream);
        }
    }

    /**
     * A notifier's partition epochs. For each partition whose epoch changed since the last announcement seen here, every
     * session following one of its streams in another epoch resyncs it ({@link Sequencing#epochMoved}): the stream moved
     * to another notifier, and what was published while it had no owner is lost.
     */
    void partitionEpochs(PartitionEpochs announced) {
        BitSet changed = new BitSet(StreamPartitions.COUNT);
        announced.epochs().forEach((partition, epoch) -> {
            if (partition >= 0 && partition < StreamPartitions.COUNT && partitionEpochs[partition] != epoch) {
                partitionEpochs[partition] = epoch;
                changed.set(partition);
            }
        });
        if (changed.isEmpty()) {
            return;
        }
        byStream.forEach((stream, subscribers) -> {
            int partition = StreamPartitions.of(stream);
            if (changed.get(partition)) {
                for (Session session : subscribers.snapshot()) {
                    session.sequencing.epochMoved(stream, partitionEpochs[partition]);
                }
            }
        });
    }

    /** Number of streams with a local consumer. */
    int streamCount() {
        return byStream.size();
    }

    private void receive(String stream, Object message) {
        Subscribers subscribers = byStream.get(stream);
        if (subscribers == null) {
            return;
        }
        if (message instanceof Push push) {
            FanOut frames = new FanOut(push, subscribers.conflation);
            for (Session session : subscribers.snapshot()) {
                session.sequencing.offer(push, frames);
            }
        } else if (message instanceof StreamHead head) {
            for (Session session : subscribers.snapshot()) {
                session.sequencing.offer(head);
            }
        }
    }
}
