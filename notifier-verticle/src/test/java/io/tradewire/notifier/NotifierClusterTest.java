package io.tradewire.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.tradewire.model.Addresses;
import io.tradewire.model.StreamPartitions;
import io.tradewire.model.cluster.ClusterView;
import io.tradewire.model.cluster.MemberList;
import io.tradewire.model.cluster.ClusterView.Member;
import io.tradewire.model.event.History;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.PartitionEpochs;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.Snapshot;
import io.tradewire.model.event.SnapshotRequest;
import io.tradewire.model.event.StreamPosition;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two notifiers on two Hazelcast-clustered Vert.x instances in one JVM (TCP/IP join on 127.0.0.1, free ports, a
 * cluster name of its own), each with a cluster view the test keeps from its knowledge of which node is up: events
 * published on one node are pushed once by the owner of their stream, pushes and requests cross the wire, and when
 * one node's Vert.x closes the other takes its streams in a new epoch.
 */
@ExtendWith(VertxExtension.class)
class NotifierClusterTest {
    private static final JsonObject CONFIG = new JsonObject().put("notifier", new JsonObject()
            .put("beacon-interval", "200ms").put("handover-delay", "100ms"));

    private final List<Vertx> nodes = new ArrayList<>();
    private final Map<Vertx, HazelcastClusterManager> managers = new HashMap<>();
    private final PushLog log = new PushLog();
    private final Map<String, Integer> published = new HashMap<>();
    private int trades;

    @AfterEach
    void closeNodes() throws Exception {
        for (Vertx node : nodes) {
            node.close().await(20, TimeUnit.SECONDS);
        }
    }

    /**
     * A loopback port free now, for Hazelcast to bind a moment later. Probed below the kernel's ephemeral range
     * (32768-60999 on Linux): a port {@code ServerSocket(0)} hands out is one the kernel also gives to outgoing
     * connections, and one of those (node one dials node two's port before it is up; other tests and benchmarks run on
     * the same machine) can take it before Hazelcast binds it. Ports given once in this JVM are not given again.
     */
    private static int freePort() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + RANDOM.nextInt(12_000);
            if (!GIVEN.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                last = taken; // in use: try another
            }
        }
        throw new IOException("no free port below the ephemeral range", last);
    }

    private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.Random RANDOM = new java.util.Random();

    /** A Hazelcast member bound to 127.0.0.1:{@code port} that joins {@code members} by TCP/IP only. */
    private static HazelcastClusterManager clusterManager(String clusterName, int port, List<Integer> members) {
        Config config = ConfigUtil.loadConfig(); // keeps the __vertx.* maps Vert.x needs
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1);
        members.forEach(member -> join.getTcpIpConfig().addMember("127.0.0.1:" + member));
        return new HazelcastClusterManager(config);
    }

    private Future<Vertx> node(String clusterName, int port, List<Integer> members) {
        VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0));
        HazelcastClusterManager manager = clusterManager(clusterName, port, members);
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered().onSuccess(vertx -> {
            nodes.add(vertx);
            managers.put(vertx, manager);
        });
    }

    /** Users whose trades streams fall on {@code owner} among {@code notifiers}. */
    private static List<String> usersOf(String owner, List<String> notifiers, int count) {
        String[] owners = Ownership.owners(notifiers);
        List<String> users = new ArrayList<>();
        for (int i = 0; users.size() < count; i++) {
            if (owners[StreamPartitions.of(PushLog.trades("u" + i))].equals(owner)) {
                users.add("u" + i);
            }
        }
        return users;
    }

    /** Fills published on {@code on}, then a barrier per notifier, waited for as in {@link NotifierOwnershipTest}. */
    private Future<Void> publishAndSettle(Vertx on, List<String> users, int each, List<String> barriers) {
        for (List<String> group : List.of(users, barriers)) {
            for (int n = 0; n < (group == users ? each : 1); n++) {
                for (String user : group) {
                    on.eventBus().publish(Addresses.EVENTS, PushLog.trade(user, ++trades));
                    published.merge(PushLog.trades(user), 1, Integer::sum);
                }
            }
        }
        return PushLog.until(on, () -> barriers.stream()
                .allMatch(user -> log.of(PushLog.trades(user)).size() >= published.get(PushLog.trades(user))), 15_000);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Two clustered notifiers push each stream once, answer across the wire, and the survivor takes over in a new epoch")
    void twoClusteredNotifiers(VertxTestContext context) throws Exception {
        String clusterName = "notifier-test-" + UUID.randomUUID();
        int port1 = freePort();
        int port2 = freePort();
        List<Integer> members = List.of(port1, port2);
        Vertx one = node(clusterName, port1, members).await(60, TimeUnit.SECONDS);
        Vertx two = node(clusterName, port2, members).await(60, TimeUnit.SECONDS);
        // Polled on the test's thread: the cluster manager's membership is not to be read on an event loop.
        long deadline = System.currentTimeMillis() + 30_000;
        while (managers.get(one).getNodes().size() < 2 || managers.get(two).getNodes().size() < 2) {
            assertThat(System.currentTimeMillis()).as("both nodes see each other").isLessThan(deadline);
            Thread.sleep(20);
        }

        String id1 = managers.get(one).getNodeId();
        String id2 = managers.get(two).getNodeId();
        Member m1 = NotifierOwnershipTest.notifierMember(id1);
        Member m2 = NotifierOwnershipTest.notifierMember(id2);
        MemberList view1 = new MemberList(m1, true, List.of(m1, m2));
        ClusterView.install(one, view1);
        ClusterView.install(two, new MemberList(m2, true, List.of(m1, m2)));
        log.record(one);
        log.record(two);

        List<String> notifiers = List.of(id1, id2);
        List<String> of1 = new ArrayList<>(usersOf(id1, notifiers, 6));
        List<String> of2 = new ArrayList<>(usersOf(id2, notifiers, 6));
        List<String> barriers = List.of(of1.remove(5), of2.remove(5));
        List<String> users = new ArrayList<>(of1);
        users.addAll(of2);
        List<String> streams = users.stream().map(PushLog::trades).toList();
        String stream2 = PushLog.trades(of2.get(0));
        List<Push> receivedOnOne = new CopyOnWriteArrayList<>();
        List<PartitionEpochs> announcedOnOne = new CopyOnWriteArrayList<>();
        int partition2 = StreamPartitions.of(stream2);
        long[] epochs = new long[3]; // node one's, node two's, node one's for node two's former streams

        DeploymentOptions options = new DeploymentOptions().setConfig(CONFIG);
        Future.all(one.deployVerticle(new NotifierVerticle(), options), two.deployVerticle(new NotifierVerticle(), options))
                // a subscriber on node one of a stream that node two owns: its pushes cross the wire
                .compose(v -> one.eventBus().<Object>consumer(Addresses.push(stream2), m -> {
                    if (m.body() instanceof Push push) {
                        receivedOnOne.add(push);
                    }
                }).completion())
                .compose(v -> one.eventBus().<PartitionEpochs>consumer(Addresses.NOTIFIER_EPOCHS, m -> announcedOnOne.add(m.body()))
                        .completion())
                .compose(v -> PushLog.owned(one, streams, 20_000))
                .compose(v -> publishAndSettle(one, users, 3, barriers))
                .compose(v -> PushLog.until(one, () -> receivedOnOne.size() >= 3, 10_000))
                .compose(v -> {
                    context.verify(() -> {
                        epochs[0] = log.of(PushLog.trades(of1.get(0))).get(0).epoch();
                        epochs[1] = log.of(stream2).get(0).epoch();
                        assertThat(epochs[0]).isNotEqualTo(epochs[1]);
                        log.byStream(streams).forEach((stream, list) -> {
                            long owner = of1.contains(stream.split("\\.")[1]) ? epochs[0] : epochs[1];
                            assertThat(list).as(stream).extracting(Push::seq).containsExactly(1L, 2L, 3L);
                            assertThat(list).as(stream).extracting(Push::epoch).containsOnly(owner);
                        });
                        assertThat(receivedOnOne).containsExactlyElementsOf(log.of(stream2));
                    });
                    // node two announces its partitions' epochs (on taking them, and every beacon interval) across the wire
                    return PushLog.until(one, () -> announcedOnOne.stream()
                            .anyMatch(a -> Long.valueOf(epochs[1]).equals(a.epochs().get(partition2))), 10_000);
                })
                .compose(v -> {
                    return one.eventBus().<Snapshot>request(Addresses.notifierSnapshot(stream2), new SnapshotRequest(stream2));
                })
                .compose(snapshot -> {
                    context.verify(() -> {
                        assertThat(snapshot.body().epoch()).isEqualTo(epochs[1]);
                        assertThat(snapshot.body().seq()).isEqualTo(3);
                    });
                    nodes.remove(two);
                    return two.close(); // node two goes; node one's view loses it
                })
                .compose(v -> {
                    view1.set(List.of(m1));
                    return PushLog.owned(one, streams, 20_000);
                })
                .compose(v -> publishAndSettle(one, users, 2, barriers))
                .compose(v -> {
                    context.verify(() -> log.byStream(streams).forEach((stream, list) -> {
                        List<Push> after = list.subList(3, list.size());
                        if (of1.contains(stream.split("\\.")[1])) {
                            assertThat(after).as(stream).extracting(Push::seq).containsExactly(4L, 5L);
                            assertThat(after).as(stream).extracting(Push::epoch).containsOnly(epochs[0]);
                        } else {
                            epochs[2] = after.get(0).epoch();
                            assertThat(after).as(stream).extracting(Push::seq).containsExactly(1L, 2L);
                            assertThat(after).as(stream).extracting(Push::epoch).containsOnly(epochs[2]);
                        }
                    }));
                    context.verify(() -> assertThat(epochs[2]).isNotIn(epochs[0], epochs[1]));
                    // the survivor announced the partition it took, in its new epoch: a message of its own on the bus,
                    // not ordered with the pushes the barrier waited for, so it is waited for as in the first phase
                    return PushLog.until(one, () -> announcedOnOne.stream()
                            .anyMatch(a -> Long.valueOf(epochs[2]).equals(a.epochs().get(partition2))), 10_000);
                })
                .compose(v -> {
                    return one.eventBus().<History>request(Addresses.notifierHistory(stream2),
                            HistoryRequest.after(new StreamPosition(stream2, epochs[1], 3)));
                })
                .onComplete(context.succeeding(history -> context.verify(() -> {
                    assertThat(history.body().recovered()).isFalse();
                    assertThat(history.body().epoch()).isEqualTo(epochs[2]);
                    context.completeNow();
                })));
    }
}
