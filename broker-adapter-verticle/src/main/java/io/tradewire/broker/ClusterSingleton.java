package io.tradewire.broker;

import io.tradewire.model.cluster.ClusterView;
import io.vertx.core.Context;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A part that must be active on exactly one node of a cluster (the simulated market, the algo engine): the active node
 * is the first live member by node id among those that run the part ({@link ClusterView#running}), the same choice on
 * every node; the others stand by. Re-evaluated on every membership change, on the verticle's own context. A node
 * that is not clustered is always active.
 */
public final class ClusterSingleton {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSingleton.class);

    private final ClusterView view;
    private final String part;
    private final Context context;
    private final Consumer<Boolean> onRole;
    private boolean active;
    private boolean stopped;

    private ClusterSingleton(ClusterView view, String part, Context context, Consumer<Boolean> onRole) {
        this.view = view;
        this.part = part;
        this.context = context;
        this.onRole = onRole;
    }

    /**
     * Follows the role of this node for {@code part}: {@code onRole} is called on {@code context} with {@code true} when
     * this node becomes the active one (also at once, when it already is) and {@code false} when it stands by again.
     * Call from {@code context}.
     */
    public static ClusterSingleton follow(ClusterView view, String part, Context context, Consumer<Boolean> onRole) {
        ClusterSingleton singleton = new ClusterSingleton(view, part, context, onRole);
        view.onChange(() -> context.runOnContext(v -> singleton.evaluate()));
        singleton.evaluate();
        return singleton;
    }

    /** Whether this node is the one that runs {@code part} actively now. */
    public static boolean isActive(ClusterView view, String part) {
        List<ClusterView.Member> running = view.running(part);
        // Nobody announces the part (a verticle deployed outside the launcher, as in tests): this node acts alone.
        return running.isEmpty() || running.get(0).nodeId().equals(view.self().nodeId());
    }

    public boolean active() {
        return active;
    }

    /** No more role changes (the verticle stops). */
    public void stop() {
        stopped = true;
    }

    private void evaluate() {
        if (stopped) {
            return;
        }
        boolean now = isActive(view, part);
        if (now == active) {
            return;
        }
        active = now;
        if (view.clustered()) {
            LOG.info("This node {} the {} role", now ? "takes" : "hands over", part);
        }
        onRole.accept(now);
    }
}
