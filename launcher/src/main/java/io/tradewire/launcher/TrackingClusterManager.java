package io.tradewire.launcher;

import io.tradewire.model.cluster.BusInterest;
import io.vertx.core.Completable;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Counter;
import io.vertx.core.shareddata.Lock;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.core.spi.cluster.NodeListener;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's cluster manager (Hazelcast), unchanged, plus a {@link BusInterest}: for each address a publisher asked
 * about, whether any node consumes it. Vert.x caches the nodes of an address only while it has consumers; a publish to
 * an address nobody consumes asks the cluster's subscription map again every time, which made such publishes (the
 * notifier's streams that no gateway follows) a third of a core node's CPU. This keeps the answer "nobody" instead,
 * from the same registration events Vert.x's node selector gets.
 *
 * <p>How it stays right: an address is tracked from the first question about it on (the answer is "maybe" until the
 * first lookup returns). From then on it receives every change of the address's registrations, each with the list
 * read after the change, in order (vertx-hazelcast reads it again after the last of a burst). A lookup's answer is
 * kept only if no change arrived while it was out, so an older read never overwrites a newer one. When the cluster
 * manager loses its registrations (a split), everything is unknown again.
 */
final class TrackingClusterManager implements ClusterManager {
    private final ClusterManager delegate;
    private final Interest interest = new Interest();
    private volatile RegistrationListener listener;

    TrackingClusterManager(ClusterManager delegate) {
        this.delegate = delegate;
    }

    /** What this node knows of the consumers of the addresses it asked about. */
    BusInterest interest() {
        return interest;
    }

    @Override
    public void init(VertxBootstrap builder) {
        if (builder.clusterManager() == null) {
            builder.clusterManager(this);
        }
    }

    @Override
    public void init(Vertx vertx) {
        delegate.init(vertx);
    }

    @Override
    public void registrationListener(RegistrationListener registrationListener) {
        this.listener = registrationListener;
        delegate.registrationListener(new RegistrationListener() {
            @Override
            public void registrationsUpdated(RegistrationUpdateEvent event) {
                interest.updated(event.address(), event.registrations());
                listener.registrationsUpdated(event);
            }

            @Override
            public void registrationsLost() {
                interest.lost();
                listener.registrationsLost();
            }

            @Override
            public boolean wantsUpdatesFor(String address) {
                return interest.tracks(address) || listener.wantsUpdatesFor(address);
            }
        });
    }

    /** The answers, by address. */
    final class Interest implements BusInterest {
        private static final int UNKNOWN = 0;
        private static final int NOBODY = 1;
        private static final int SOMEBODY = 2;

        /** An address's answer and how many changes it has seen (a lookup applies only if none came meanwhile). */
        private static final class Entry {
            /** Read without the lock on every publish; written under it. */
            volatile int state = UNKNOWN;
            long changes;
        }

        private final Map<String, Entry> entries = new ConcurrentHashMap<>();

        @Override
        public boolean anyone(String address) {
            Entry entry = entries.get(address);
            if (entry == null) {
                Entry created = new Entry();
                entry = entries.putIfAbsent(address, created);
                if (entry == null) {
                    lookUp(address, created);
                    return true;
                }
            }
            return entry.state != NOBODY;
        }

        boolean tracks(String address) {
            return entries.containsKey(address);
        }

        private void lookUp(String address, Entry entry) {
            long seen;
            synchronized (entry) {
                seen = entry.changes;
            }
            delegate.getRegistrations(address, (registrations, failure) -> {
                if (failure != null) {
                    entries.remove(address, entry); // asked again next time
                    return;
                }
                synchronized (entry) {
                    if (entry.changes == seen) {
                        entry.state = stateOf(registrations);
                    }
                }
            });
        }

        void updated(String address, List<RegistrationInfo> registrations) {
            Entry entry = entries.get(address);
            if (entry != null) {
                synchronized (entry) {
                    entry.changes++;
                    entry.state = stateOf(registrations);
                }
            }
        }

        void lost() {
            entries.clear();
        }

        /** Consumers this node can reach: any on another node but a local-only one, and any of its own. */
        private int stateOf(List<RegistrationInfo> registrations) {
            if (registrations != null) {
                String self = delegate.getNodeId();
                for (RegistrationInfo registration : registrations) {
                    if (!registration.localOnly() || registration.nodeId().equals(self)) {
                        return SOMEBODY;
                    }
                }
            }
            return NOBODY;
        }
    }

    // ------------------------------------------------------------------ the rest is the delegate's

    @Override
    public <K, V> void getAsyncMap(String name, Completable<AsyncMap<K, V>> promise) {
        delegate.getAsyncMap(name, promise);
    }

    @Override
    public <K, V> Map<K, V> getSyncMap(String name) {
        return delegate.getSyncMap(name);
    }

    @Override
    public void getLockWithTimeout(String name, long timeout, Completable<Lock> promise) {
        delegate.getLockWithTimeout(name, timeout, promise);
    }

    @Override
    public void getCounter(String name, Completable<Counter> promise) {
        delegate.getCounter(name, promise);
    }

    @Override
    public void nodeListener(NodeListener nodeListener) {
        delegate.nodeListener(nodeListener);
    }

    @Override
    public void setNodeInfo(NodeInfo nodeInfo, Completable<Void> promise) {
        delegate.setNodeInfo(nodeInfo, promise);
    }

    @Override
    public void join(Completable<Void> promise) {
        delegate.join(promise);
    }

    @Override
    public void leave(Completable<Void> promise) {
        delegate.leave(promise);
    }

    @Override
    public boolean isActive() {
        return delegate.isActive();
    }

    @Override
    public void addRegistration(String address, RegistrationInfo registrationInfo, Completable<Void> promise) {
        delegate.addRegistration(address, registrationInfo, promise);
    }

    @Override
    public void removeRegistration(String address, RegistrationInfo registrationInfo, Completable<Void> promise) {
        delegate.removeRegistration(address, registrationInfo, promise);
    }

    @Override
    public String clusterHost() {
        return delegate.clusterHost();
    }

    @Override
    public String clusterPublicHost() {
        return delegate.clusterPublicHost();
    }

    @Override
    public String getNodeId() {
        return delegate.getNodeId();
    }

    @Override
    public void getRegistrations(String address, Completable<List<RegistrationInfo>> promise) {
        delegate.getRegistrations(address, promise);
    }

    @Override
    public NodeInfo getNodeInfo() {
        return delegate.getNodeInfo();
    }

    @Override
    public void getNodeInfo(String nodeId, Completable<NodeInfo> promise) {
        delegate.getNodeInfo(nodeId, promise);
    }

    @Override
    public List<String> getNodes() {
        return delegate.getNodes();
    }
}
