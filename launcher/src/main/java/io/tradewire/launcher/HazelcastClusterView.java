package io.tradewire.launcher;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.tradewire.model.cluster.ClusterView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterView} of a clustered node, from Hazelcast's membership: each member carries its node name and the
 * parts it runs as member attributes (set by {@link ClusterNode} before it joins), and Vert.x's node id as
 * {@code __vertx.nodeId}. The member list is refreshed on every membership event, then the listeners run on
 * Hazelcast's event thread.
 */
public final class HazelcastClusterView implements ClusterView {
    /** Member attribute: the node name ({@code cluster.node-name}). */
    public static final String NAME_ATTRIBUTE = "tradewire.node-name";
    /** Member attribute: the parts the node runs, comma-separated wire names. */
    public static final String PARTS_ATTRIBUTE = "tradewire.parts";
    /** Vert.x's node id, as vertx-hazelcast publishes it. */
    static final String VERTX_NODE_ID_ATTRIBUTE = "__vertx.nodeId";
    private static final Logger LOG = LoggerFactory.getLogger(HazelcastClusterView.class);

    private final Cluster cluster;
    private final UUID listenerId;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Member self;
    /** Members in Hazelcast's order (oldest first, the same on every member). */
    private volatile List<com.hazelcast.cluster.Member> joined = List.of();
    private volatile List<Member> members = List.of();

    HazelcastClusterView(Cluster cluster) {
        this.cluster = cluster;
        this.listenerId = cluster.addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                changed("joined", event);
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                changed("left", event);
            }
        });
        refresh();
        self = toMember(cluster.getLocalMember());
    }

    @Override
    public Member self() {
        return self;
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public List<Member> members() {
        return members;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Another live member with this node's name that joined before it, or null: a node whose name is taken must not
     * stay (when two start at once, the later one in Hazelcast's member order gives up, so exactly one remains).
     */
    Member olderNamesake() {
        com.hazelcast.cluster.Member local = cluster.getLocalMember();
        String name = local.getAttribute(NAME_ATTRIBUTE);
        for (com.hazelcast.cluster.Member member : joined) {
            if (member.localMember()) {
                return null;
            }
            if (name.equals(member.getAttribute(NAME_ATTRIBUTE))) {
                return toMember(member);
            }
        }
        return null;
    }

    /** Stops following the membership (the node is leaving). */
    void close() {
        try {
            cluster.removeMembershipListener(listenerId);
        } catch (RuntimeException e) {
            LOG.debug("Membership listener not removed: {}", e.toString());
        }
    }

    private void changed(String what, MembershipEvent event) {
        refresh();
        LOG.info("Cluster member {} {}: now {}", describe(toMember(event.getMember())), what,
                members.stream().map(HazelcastClusterView::describe).collect(Collectors.joining(", ")));
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A cluster membership listener failed", e);
            }
        }
    }

    private synchronized void refresh() {
        List<com.hazelcast.cluster.Member> current = List.copyOf(cluster.getMembers());
        List<Member> sorted = new ArrayList<>();
        for (com.hazelcast.cluster.Member member : current) {
            sorted.add(toMember(member));
        }
        sorted.sort(Comparator.comparing(Member::nodeId));
        joined = current;
        members = List.copyOf(sorted);
    }

    static Member toMember(com.hazelcast.cluster.Member member) {
        String nodeId = member.getAttribute(VERTX_NODE_ID_ATTRIBUTE);
        if (nodeId == null) {
            nodeId = member.getUuid().toString();
        }
        String name = member.getAttribute(NAME_ATTRIBUTE);
        String parts = member.getAttribute(PARTS_ATTRIBUTE);
        Set<String> partSet = parts == null || parts.isBlank() ? Set.of()
                : Arrays.stream(parts.split(",")).map(String::trim).filter(p -> !p.isEmpty()).collect(Collectors.toSet());
        return new Member(nodeId, name == null ? member.getAddress().toString() : name, partSet);
    }

    private static String describe(Member member) {
        return member.name() + " " + member.parts().stream().sorted().toList();
    }
}
