package io.tradewire.model.cluster;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ClusterView} whose live members its owner sets: the membership source of a clustered node feeds it on
 * every change, a lone node sets itself once, tests set what they need. {@link #set} sorts the members by node id,
 * then runs every listener on the calling thread (a failing listener is logged and does not stop the others).
 */
public final class MemberList implements ClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(MemberList.class);

    private final Member self;
    private final boolean clustered;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Member> members;

    public MemberList(Member self, boolean clustered, Collection<Member> members) {
        this.self = self;
        this.clustered = clustered;
        this.members = sorted(members);
    }

    /** The live members are now {@code now}; then every listener runs. */
    public void set(Collection<Member> now) {
        members = sorted(now);
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A cluster membership listener failed", e);
            }
        }
    }

    @Override
    public Member self() {
        return self;
    }

    @Override
    public boolean clustered() {
        return clustered;
    }

    @Override
    public List<Member> members() {
        return members;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private static List<Member> sorted(Collection<Member> members) {
        return members.stream().sorted(Comparator.comparing(Member::nodeId)).toList();
    }
}
