package io.tradewire.gateway.spi;

import io.tradewire.model.command.Command;
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
     */
    record Subscribe(List<String> streams, Object echo, boolean snapshot, int maxRate) implements Inbound {
        public Subscribe {
            streams = List.copyOf(streams);
            if (maxRate < 0) {
                throw new IllegalArgumentException("maxRate must not be negative");
            }
        }

        /** Not throttled. */
        public Subscribe(List<String> streams, Object echo, boolean snapshot) {
            this(streams, echo, snapshot, 0);
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
