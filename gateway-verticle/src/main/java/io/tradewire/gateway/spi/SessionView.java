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
}
