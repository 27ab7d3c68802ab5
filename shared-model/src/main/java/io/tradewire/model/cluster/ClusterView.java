package io.tradewire.model.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who is in the mesh: the live nodes, their names and the verticles each one runs. Whoever builds a node's
 * Vert.x instance installs the node's view before any verticle starts ({@link #install}); a clustered node's view
 * follows the cluster's membership, a node that is not clustered sees only itself ({@link #single}). Verticles
 * read it with {@link #of} and must not assume on which thread {@link #onChange} listeners run (hop to their
 * own context).
 */
public interface ClusterView {

    /** One live node: its cluster node id, its name, the verticles it runs ({@code gateway}, {@code notifier}, ...). */
    record Member(String nodeId, String name, Set<String> parts) {
        public Member {
            parts = Set.copyOf(parts);
        }

        public boolean runs(String part) {
            return parts.contains(part);
        }
    }

    /** This node. */
    Member self();

    /** Whether this node is part of a cluster (false for the embedded, single-JVM mesh). */
    boolean clustered();

    /** The live members, this node included, ordered by node id (the same order on every node). */
    List<Member> members();

    /** Calls {@code listener} after every membership change (a node joined or left), on an unspecified thread. */
    void onChange(Runnable listener);

    /** The live members that run {@code part}, ordered by node id. */
    default List<Member> running(String part) {
        return members().stream().filter(m -> m.runs(part)).toList();
    }

    /** The view of a node that is alone: itself, forever. */
    static ClusterView single(String name, Set<String> parts) {
        Member self = new Member(UUID.randomUUID().toString(), name, parts);
        return new MemberList(self, false, List.of(self));
    }

    /** Makes {@code view} this Vert.x instance's view (at build time, before any verticle starts). */
    static void install(Vertx vertx, ClusterView view) {
        vertx.sharedData().<String, Installed>getLocalMap(Installed.MAP).put(Installed.KEY, new Installed(view));
    }

    /**
     * The view installed on this Vert.x instance; without one (a verticle under test on a plain instance) a view
     * of a lone node named {@code local} that runs every part.
     */
    static ClusterView of(Vertx vertx) {
        LocalMap<String, Installed> map = vertx.sharedData().getLocalMap(Installed.MAP);
        Installed installed = map.get(Installed.KEY);
        if (installed == null) {
            installed = new Installed(single("local", Set.of("gateway", "notifier", "matching", "broker", "algo")));
            Installed raced = map.putIfAbsent(Installed.KEY, installed);
            if (raced != null) {
                installed = raced;
            }
        }
        return installed.view();
    }

    /** The holder in the node's local map. */
    record Installed(ClusterView view) implements Shareable {
        static final String MAP = "tradewire.cluster";
        static final String KEY = "view";
    }
}
