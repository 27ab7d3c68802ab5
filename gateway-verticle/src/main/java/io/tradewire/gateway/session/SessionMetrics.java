package io.tradewire.gateway.session;

/**
 * What the sessions tell the node's meters (the seam between {@link Sessions} / {@link Session} and
 * {@code io.tradewire.gateway.ops.GatewayMeters}). Types are fixed names of what a frame meant (an inbound
 * request kind, an outbound message or event kind, {@code invalid}, {@code rate_limited} ...), never a
 * frame's content. Called on the gateway's event loop.
 */
public interface SessionMetrics {
    /** Records nothing (unit tests, metrics disabled). */
    SessionMetrics NONE = new SessionMetrics() {
    };

    /** A client frame, by what it turned out to be. */
    default void received(String dialect, String type) {
    }

    /** {@code frames} frames written to a client for one message of this type. */
    default void sent(String dialect, String type, int frames) {
    }

    /** Frames that were not delivered (a slow consumer's socket closed with them still to write). */
    default void dropped(String dialect, String reason, int frames) {
    }

    /**
     * A request/reply round trip over the event bus to {@code address} (a venue, a broker, the notifier), as seen from the
     * gateway; {@code outcome} is {@code ok}, {@code rejected} (the recipient answered with a failure), {@code timeout},
     * {@code no_handler} or {@code error}.
     */
    default void busRequest(String address, String type, String outcome, long nanos) {
    }
}
