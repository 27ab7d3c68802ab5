package io.tradewire.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.cluster.BusInterest;
import io.vertx.core.Completable;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Counter;
import io.vertx.core.shareddata.Lock;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.core.spi.cluster.NodeListener;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link TrackingClusterManager}'s answers against a cluster manager whose lookups the test answers, in any order
 * with the registration changes it reports.
 */
class TrackingClusterManagerTest {
    private static final RegistrationInfo REMOTE = new RegistrationInfo("other", 1, false);

    /** The registration listener Vert.x would install: it wants updates for nothing and records what it gets. */
    private final List<RegistrationUpdateEvent> forwarded = new ArrayList<>();
    private final Delegate delegate = new Delegate();
    private TrackingClusterManager manager;
    private BusInterest interest;
    private RegistrationListener fromCluster;

    @BeforeEach
    void setUp() {
        manager = new TrackingClusterManager(delegate);
        manager.registrationListener(new RegistrationListener() {
            @Override
            public void registrationsUpdated(RegistrationUpdateEvent event) {
                forwarded.add(event);
            }

            @Override
            public boolean wantsUpdatesFor(String address) {
                return address.equals("vertx-wants-this");
            }
        });
        fromCluster = delegate.listener;
        interest = manager.interest();
    }

    private void change(String address, RegistrationInfo... registrations) {
        if (fromCluster.wantsUpdatesFor(address)) { // as vertx-hazelcast does: only for addresses someone wants
            fromCluster.registrationsUpdated(new RegistrationUpdateEvent(address, List.of(registrations)));
        }
    }

    @Test
    @DisplayName("An address is 'maybe' until its lookup answers, then follows every change of its consumers")
    void followsChanges() {
        assertThat(interest.anyone("push.a")).as("unknown yet").isTrue();
        assertThat(delegate.lookups).hasSize(1);
        delegate.lookups.remove(0).complete(List.of(), null);
        assertThat(interest.anyone("push.a")).isFalse();
        assertThat(delegate.lookups).as("no lookup once known").isEmpty();
        change("push.a", REMOTE);
        assertThat(interest.anyone("push.a")).isTrue();
        change("push.a");
        assertThat(interest.anyone("push.a")).isFalse();
        assertThat(forwarded).as("every change still reaches Vert.x").hasSize(2);
    }

    @Test
    @DisplayName("A lookup that returns after a change is ignored: an older read never overwrites a newer one")
    void staleLookupIgnored() {
        interest.anyone("push.b");
        change("push.b", REMOTE); // a gateway subscribed while the lookup was out
        delegate.lookups.remove(0).complete(List.of(), null); // read before the subscription
        assertThat(interest.anyone("push.b")).isTrue();
    }

    @Test
    @DisplayName("Changes of addresses nobody asked about are not tracked; Vert.x's own wishes still count")
    void onlyAskedAddresses() {
        assertThat(fromCluster.wantsUpdatesFor("push.c")).isFalse();
        assertThat(fromCluster.wantsUpdatesFor("vertx-wants-this")).isTrue();
        interest.anyone("push.c");
        assertThat(fromCluster.wantsUpdatesFor("push.c")).isTrue();
    }

    @Test
    @DisplayName("A failed lookup, or registrations lost in a split, make the address unknown again: asked anew")
    void unknownAgain() {
        interest.anyone("push.d");
        delegate.lookups.remove(0).complete(null, new IllegalStateException("no cluster"));
        assertThat(interest.anyone("push.d")).isTrue();
        assertThat(delegate.lookups).hasSize(1);
        delegate.lookups.remove(0).complete(List.of(), null);
        assertThat(interest.anyone("push.d")).isFalse();
        fromCluster.registrationsLost();
        assertThat(interest.anyone("push.d")).isTrue();
        assertThat(delegate.lookups).hasSize(1);
    }

    @Test
    @DisplayName("A local-only consumer counts on its own node only")
    void localOnly() {
        interest.anyone("push.e");
        delegate.lookups.remove(0).complete(List.of(new RegistrationInfo("other", 1, true)), null);
        assertThat(interest.anyone("push.e")).isFalse();
        change("push.e", new RegistrationInfo("self", 2, true));
        assertThat(interest.anyone("push.e")).isTrue();
    }

    /** A cluster manager that records the registration listener and the lookups, and does nothing else. */
    private static final class Delegate implements ClusterManager {
        RegistrationListener listener;
        final List<Completable<List<RegistrationInfo>>> lookups = new ArrayList<>();

        @Override
        public void registrationListener(RegistrationListener registrationListener) {
            listener = registrationListener;
        }

        @Override
        public void getRegistrations(String address, Completable<List<RegistrationInfo>> promise) {
            lookups.add(promise);
        }

        @Override
        public String getNodeId() {
            return "self";
        }

        @Override
        public void init(Vertx vertx) {
        }

        @Override
        public <K, V> void getAsyncMap(String name, Completable<AsyncMap<K, V>> promise) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <K, V> Map<K, V> getSyncMap(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void getLockWithTimeout(String name, long timeout, Completable<Lock> promise) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void getCounter(String name, Completable<Counter> promise) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void nodeListener(NodeListener nodeListener) {
        }

        @Override
        public void setNodeInfo(NodeInfo nodeInfo, Completable<Void> promise) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void join(Completable<Void> promise) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void leave(Completable<Void> promise) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isActive() {
            return true;
        }

        @Override
        public void addRegistration(String address, RegistrationInfo registrationInfo, Completable<Void> promise) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeRegistration(String address, RegistrationInfo registrationInfo, Completable<Void> promise) {
            throw new UnsupportedOperationException();
        }

        @Override
        public NodeInfo getNodeInfo() {
            return null;
        }

        @Override
        public void getNodeInfo(String nodeId, Completable<NodeInfo> promise) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> getNodes() {
            return List.of("self", "other");
        }
    }
}
