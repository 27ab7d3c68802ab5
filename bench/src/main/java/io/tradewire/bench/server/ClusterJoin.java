package io.tradewire.bench.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.ServiceLoader;

/**
 * How a bench node joins a cluster: the launcher provides it (found with {@link ServiceLoader}, so the bench module
 * does not depend on the launcher that packages it), building the node's clustered Vert.x instance from the
 * {@code cluster.*} keys exactly as {@code tradewire run --cluster} does.
 */
public interface ClusterJoin {

    /** A clustered Vert.x instance for a node with this root configuration that runs {@code parts}. */
    Future<Vertx> join(JsonObject config, Collection<String> parts);

    /** The provider on the class path; fails when there is none (the bench classes alone cannot cluster). */
    static ClusterJoin provided() {
        return ServiceLoader.load(ClusterJoin.class).findFirst().orElseThrow(() -> new IllegalStateException(
                "cluster mode needs the launcher on the class path: run the bench from tradewire.jar"));
    }
}
