package io.tradewire.gateway.spi;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What a codec sees of a connection. */
public interface SessionView {
    String id();

    /** The authenticated user id, if the session has authenticated. */
    Optional<String> principal();

    /** A query parameter of the upgrade request. */
    Optional<String> queryParam(String name);

    /** A header of the connecting request (any letter case). */
    Optional<String> header(String name);

    /** The stream keys this session is subscribed to. */
    Set<String> streams();

    /** Per-connection state owned by the codec (mutable, accessed on the session's event loop only). */
    Map<String, Object> state();

    /**
     * Whether a subscribed stream's snapshot is still on its way (its state is not complete yet). Lets a
     * dialect that pushes on a schedule wait for the whole state, even an empty one, before its first push.
     */
    default boolean snapshotPending(String stream) {
        return false;
    }

    /**
     * The most streams this session may be subscribed to at once ({@code gateway.max-subscriptions-per-session}).
     * A codec that changes its own per-session state while decoding a subscription should refuse a request
     * that would go past it ({@code streams().size()} plus the streams it adds) before changing that state;
     * the gateway refuses such a request anyway, with {@link Outbound.SubscriptionResult} {@code success=false}.
     */
    default int maxSubscriptions() {
        return Integer.MAX_VALUE;
    }
}
