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
     *
     * <p>{@code resume}: streams the client read before (on an earlier connection), each from the position it
     * reached. Those are subscribed too (when not already) and deliver the messages the client missed, in order,
     * instead of a snapshot; once every one of them is answered the gateway sends {@link Outbound.Resumed}. A stream
     * that cannot be recovered (its history is gone) starts over from a snapshot, announced by {@link Outbound.Resync}.
     */
    record Subscribe(List<String> streams, Object echo, boolean snapshot, List<StreamPosition> resume) implements Inbound {
        public Subscribe {
            streams = List.copyOf(streams);
            resume = List.copyOf(resume);
        }

        /** A subscription without positions to resume from. */
        public Subscribe(List<String> streams, Object echo, boolean snapshot) {
            this(streams, echo, snapshot, List.of());
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
