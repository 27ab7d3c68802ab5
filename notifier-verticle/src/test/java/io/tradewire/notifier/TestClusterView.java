package io.tradewire.notifier;

import io.tradewire.model.cluster.ClusterView;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A cluster view the test controls: it names the live members and tells the listeners when it does. */
final class TestClusterView implements ClusterView {
    private final Member self;
    private volatile List<Member> members;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    TestClusterView(Member self, List<Member> members) {
        this.self = self;
        this.members = sorted(members);
    }

    static Member notifier(String nodeId) {
        return new Member(nodeId, "name-" + nodeId, Set.of(NotifierVerticle.PART, "gateway"));
    }

    /** A membership change: the new live members, then every listener (on the caller's thread). */
    void set(List<Member> live) {
        members = sorted(live);
        listeners.forEach(Runnable::run);
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

    private static List<Member> sorted(List<Member> members) {
        return members.stream().sorted(Comparator.comparing(Member::nodeId)).toList();
    }
}
