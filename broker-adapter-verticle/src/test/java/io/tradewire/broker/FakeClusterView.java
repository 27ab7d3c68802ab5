package io.tradewire.broker;

import io.tradewire.model.cluster.ClusterView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A cluster view whose members a test changes, calling the listeners as a membership change would. */
public final class FakeClusterView implements ClusterView {
    private final Member self;
    private volatile List<Member> members;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public FakeClusterView(Member self, Member... members) {
        this.self = self;
        this.members = sorted(List.of(members));
    }

    /** The members are now {@code now}; every listener runs on the calling thread. */
    public void change(Member... now) {
        members = sorted(List.of(now));
        listeners.forEach(Runnable::run);
    }

    private static List<Member> sorted(List<Member> members) {
        List<Member> copy = new ArrayList<>(members);
        copy.sort(Comparator.comparing(Member::nodeId));
        return List.copyOf(copy);
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
}
