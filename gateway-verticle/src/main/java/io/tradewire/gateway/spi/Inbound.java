package io.tradewire.gateway.spi;

import io.tradewire.model.command.Command;
import io.tradewire.model.event.StreamPosition;
import java.util.List;

/** A client request in canonical form, as a codec decodes it. */
public sealed interface Inbound {

    /** Log in with a bearer token; {@code claimedUserId}, when given, must equal the token's subject. */
    record Authenticate(String token, String claimedUserId) implements Inbound {
    }

    /**
     * Subscribe to stream keys; {@code echo} is the dialect's own request, handed back in the reply.
     * With {@code snapshot}, each newly subscribed stream first delivers its current state
     * ({@link Outbound.Delivery#snapshot()}), then its live messages, with no gap and no duplicate.
     * With {@code maxRate} above 0, the book and ticker streams named here get at most that many live messages
     * a second, always ending on the latest (0: as fast as they come; other streams are never throttled).
     *
     * <p>{@code resume}: streams the client read before (on an earlier connection), each from the position it
     * reached. Those are subscribed too (when not already) and deliver the messages the client missed, in order,
     * instead of a snapshot; once every one of them is answered the gateway sends {@link Outbound.Resumed}. A stream
     * that cannot be recovered (its history is gone) starts over from a snapshot, announced by {@link Outbound.Resync}.
     */
    record Subscribe(List<String> streams, Object echo, boolean snapshot, int maxRate, List<StreamPosition> resume)
            implements Inbound {
        public Subscribe {
            streams = List.copyOf(streams);
            resume = List.copyOf(resume);
            if (maxRate < 0) {
                throw new IllegalArgumentException("maxRate must not be negative");
            }
        }

        /** Not throttled, nothing to resume. */
        public Subscribe(List<String> streams, Object echo, boolean snapshot) {
            this(streams, echo, snapshot, 0, List.of());
        }

        /** Throttled to {@code maxRate}, nothing to resume. */
        public Subscribe(List<String> streams, Object echo, boolean snapshot, int maxRate) {
            this(streams, echo, snapshot, maxRate, List.of());
        }

        /** Resuming from positions, not throttled. */
        public Subscribe(List<String> streams, Object echo, boolean snapshot, List<StreamPosition> resume) {
            this(streams, echo, snapshot, 0, resume);
        }
    }

    /** Unsubscribe from stream keys. */
    record Unsubscribe(List<String> streams, Object echo) implements Inbound {
        public Unsubscribe {
            streams = List.copyOf(streams);
        }
    }

    /** A command for a venue or broker, made on behalf of the session's principal. */
    record Execute(Command command, String requestType) implements Inbound {
    }

    /** Application-level ping. */
    record Ping() implements Inbound {
    }
}
