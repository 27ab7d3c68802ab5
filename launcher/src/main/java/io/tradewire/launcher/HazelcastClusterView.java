package io.tradewire.launcher;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.tradewire.model.cluster.ClusterView;
import io.tradewire.model.cluster.MemberList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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
    private final MemberList members;
    /** Members in Hazelcast's order (oldest first, the same on every member). */
    private volatile List<com.hazelcast.cluster.Member> joined = List.of();

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
        members = new MemberList(toMember(cluster.getLocalMember()), true, List.of());
        refresh();
    }

    @Override
    public Member self() {
        return members.self();
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public List<Member> members() {
        return members.members();
    }

    @Override
    public void onChange(Runnable listener) {
        members.onChange(listener);
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
        List<Member> now = refresh();
        LOG.info("Cluster member {} {}: now {}", describe(toMember(event.getMember())), what,
                now.stream().map(HazelcastClusterView::describe).collect(Collectors.joining(", ")));
    }

    /** Reads Hazelcast's members, sets them (which runs the listeners) and returns them in node-id order. */
    private synchronized List<Member> refresh() {
        List<com.hazelcast.cluster.Member> current = List.copyOf(cluster.getMembers());
        joined = current;
        members.set(current.stream().map(HazelcastClusterView::toMember).toList());
        return members.members();
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
