package io.tradewire.model.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

/**
 * Whether any node of the cluster consumes an event-bus address, as far as this node knows, so that a publisher may
 * skip a message nobody would receive. On a clustered bus such a publish is not free: Vert.x looks the address up in
 * the cluster's subscription map every time. Answers {@code false} only when it is known that nobody consumes the
 * address; {@code true} when somebody does or when it does not know (yet).
 */
public interface BusInterest {
    /** Knows nothing: every address may have consumers (a lone node, where a publish to nobody is cheap). */
    BusInterest UNKNOWN = address -> true;

    /** False only when no node is known to consume {@code address}. Any thread. */
    boolean anyone(String address);

    /** Installs the node's interest (the launcher does, on clustered nodes, before any verticle starts). */
    static void install(Vertx vertx, BusInterest interest) {
        vertx.sharedData().<String, Installed>getLocalMap(Installed.MAP).put(Installed.KEY, new Installed(interest));
    }

    /** The interest installed on this Vert.x instance, else {@link #UNKNOWN}. */
    static BusInterest of(Vertx vertx) {
        Installed installed = vertx.sharedData().<String, Installed>getLocalMap(Installed.MAP).get(Installed.KEY);
        return installed == null ? UNKNOWN : installed.interest();
    }

    /** The holder in the node's local map. */
    record Installed(BusInterest interest) implements Shareable {
        static final String MAP = "tradewire.cluster";
        static final String KEY = "interest";
    }
}
