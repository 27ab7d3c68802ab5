package io.tradewire.launcher;

import io.tradewire.bench.server.ClusterJoin;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Collection;

/** Lets a bench node ({@code bench serve --cluster}) join a cluster the way {@code run --cluster} does. */
public final class BenchClusterJoin implements ClusterJoin {
    @Override
    public Future<Vertx> join(JsonObject config, Collection<String> parts) {
        try {
            return ClusterNode.start(config, ClusterConfig.from(config, ClusterConfig.localHostName()), parts);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
