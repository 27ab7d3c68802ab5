package io.tradewire.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Addresses;
import io.tradewire.model.StreamPartitions;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.cluster.ClusterView.Member;
import io.tradewire.model.cluster.MemberList;
import io.tradewire.model.event.History;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.Snapshot;
import io.tradewire.model.event.SnapshotRequest;
import io.tradewire.model.event.StreamPosition;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two notifiers on one local event bus, each with a cluster view the test controls: both see every event, each
 * publishes and answers only for the partitions it owns, and a notifier that leaves hands its streams to the other
 * in a new epoch.
 */
@ExtendWith(VertxExtension.class)
class NotifierOwnershipTest {
    static final String NODE_A = "node-a";
    static final String NODE_B = "node-b";
    private static final JsonObject CONFIG = new JsonObject().put("notifier", new JsonObject()
            .put("beacon-interval", "0").put("handover-delay", "50ms"));

    private final PushLog log = new PushLog();
    private final Map<String, Integer> published = new HashMap<>();
    private int trades;

    /** Users whose trades streams fall on {@code owner} when A and B share the partitions (at least {@code count}). */
    static List<String> usersOf(String owner, int count) {
        String[] owners = Ownership.owners(List.of(NODE_A, NODE_B));
        List<String> users = new ArrayList<>();
        for (int i = 0; users.size() < count; i++) {
            if (owners[StreamPartitions.of(PushLog.trades("u" + i))].equals(owner)) {
                users.add("u" + i);
            }
        }
        return users;
    }

    private void publish(Vertx vertx, List<String> users, int each) {
        for (int n = 0; n < each; n++) {
            for (String user : users) {
                vertx.eventBus().publish(Addresses.EVENTS, PushLog.trade(user, ++trades));
                published.merge(PushLog.trades(user), 1, Integer::sum);
            }
        }
    }

    /**
     * Publishes {@code each} fills per user, then one per barrier user (one owned by each notifier) and waits for the
     * barriers' pushes: a notifier handles events in order and its pushes are logged as it publishes them, so once
     * both barriers are pushed every push either notifier makes for the earlier events is in the log.
     */
    private Future<Void> publishAndSettle(Vertx vertx, List<String> users, int each, List<String> barriers) {
        publish(vertx, users, each);
        publish(vertx, barriers, 1);
        return PushLog.until(vertx, () -> barriers.stream()
                .allMatch(user -> log.of(PushLog.trades(user)).size() >= published.get(PushLog.trades(user))), 10_000);
    }

    /** A member running the notifier (and a gateway), named after its node id. */
    static Member notifierMember(String nodeId) {
        return new Member(nodeId, "name-" + nodeId, java.util.Set.of(NotifierVerticle.PART, "gateway"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("With two notifiers every stream is pushed once by its owner, requests reach the owner only; "
            + "when one leaves the other takes its streams in a new epoch and a resume from the old one is told to start over")
    void twoNotifiersThenOne(Vertx vertx, VertxTestContext context) {
        BusCodecs.ensureRegistered(vertx);
        log.record(vertx);
        Member a = notifierMember(NODE_A);
        Member b = notifierMember(NODE_B);
        MemberList viewA = new MemberList(a, true, List.of(a));
        MemberList viewB = new MemberList(b, true, List.of(a, b));
        List<String> ofA = new ArrayList<>(usersOf(NODE_A, 11));
        List<String> ofB = new ArrayList<>(usersOf(NODE_B, 11));
        List<String> barriers = List.of(ofA.remove(10), ofB.remove(10));
        List<String> users = new ArrayList<>(ofA);
        users.addAll(ofB);
        List<String> streams = users.stream().map(PushLog::trades).toList();
        String streamA = PushLog.trades(ofA.get(0));
        String streamB = PushLog.trades(ofB.get(0));
        long[] epochs = new long[3]; // A's, B's, then A's for B's former streams
        String[] deploymentB = new String[1];

        DeploymentOptions options = new DeploymentOptions().setConfig(CONFIG);
        vertx.deployVerticle(new NotifierVerticle(viewA), options)
                // B joins: A sees it and drops B's share at once, B serves it after the handover delay.
                .compose(id -> vertx.deployVerticle(new NotifierVerticle(viewB), options))
                .compose(id -> {
                    deploymentB[0] = id;
                    viewA.set(List.of(a, b));
                    return PushLog.owned(vertx, streams, 10_000);
                })
                .compose(v -> publishAndSettle(vertx, users, 3, barriers))
                .compose(v -> {
                    context.verify(() -> {
                        Map<String, List<Push>> pushes = log.byStream(streams);
                        epochs[0] = pushes.get(streamA).get(0).epoch();
                        epochs[1] = pushes.get(streamB).get(0).epoch();
                        assertThat(epochs[0]).isNotEqualTo(epochs[1]);
                        pushes.forEach((stream, list) -> {
                            long owner = ofA.contains(stream.split("\\.")[1]) ? epochs[0] : epochs[1];
                            assertThat(list).as(stream).extracting(Push::seq).containsExactly(1L, 2L, 3L);
                            assertThat(list).as(stream).extracting(Push::epoch).containsOnly(owner);
                        });
                    });
                    return askTimes(vertx, streamB, 6);
                })
                .compose(snapshots -> {
                    context.verify(() -> assertThat(snapshots).extracting(Snapshot::epoch).containsOnly(epochs[1]));
                    return vertx.eventBus().<History>request(Addresses.notifierHistory(streamB),
                            HistoryRequest.after(new StreamPosition(streamB, epochs[1], 1)));
                })
                .compose(history -> {
                    context.verify(() -> {
                        assertThat(history.body().recovered()).isTrue();
                        assertThat(history.body().pushes()).extracting(Push::seq).containsExactly(2L, 3L);
                    });
                    // B leaves: its verticle goes, and A's view loses it.
                    return vertx.undeploy(deploymentB[0]);
                })
                .compose(v -> {
                    viewA.set(List.of(a));
                    return PushLog.owned(vertx, streams, 10_000);
                })
                .compose(v -> publishAndSettle(vertx, users, 2, barriers))
                .compose(v -> {
                    context.verify(() -> log.byStream(streams).forEach((stream, list) -> {
                        List<Push> after = list.subList(3, list.size());
                        if (ofA.contains(stream.split("\\.")[1])) {
                            assertThat(after).as(stream).extracting(Push::seq).containsExactly(4L, 5L);
                            assertThat(after).as(stream).extracting(Push::epoch).containsOnly(epochs[0]);
                        } else {
                            epochs[2] = after.get(0).epoch();
                            assertThat(after).as(stream).extracting(Push::seq).containsExactly(1L, 2L);
                            assertThat(after).as(stream).extracting(Push::epoch).containsOnly(epochs[2]);
                        }
                    }));
                    context.verify(() -> assertThat(epochs[2]).isGreaterThan(epochs[0]).isNotEqualTo(epochs[1]));
                    return vertx.eventBus().<History>request(Addresses.notifierHistory(streamB),
                            HistoryRequest.after(new StreamPosition(streamB, epochs[1], 3)));
                })
                .compose(history -> {
                    context.verify(() -> {
                        // A client resuming from B's epoch must start over from a snapshot of the new one.
                        assertThat(history.body().recovered()).isFalse();
                        assertThat(history.body().epoch()).isEqualTo(epochs[2]);
                        assertThat(history.body().lastSeq()).isEqualTo(2);
                    });
                    return askTimes(vertx, streamB, 1);
                })
                .onComplete(context.succeeding(snapshots -> context.verify(() -> {
                    assertThat(snapshots.get(0).epoch()).isEqualTo(epochs[2]);
                    assertThat(snapshots.get(0).seq()).isEqualTo(2);
                    context.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("A request on a partition's address for a stream of another partition is refused, not answered with another stream's state")
    void refusesAStreamOfAnotherPartition(Vertx vertx, VertxTestContext context) {
        BusCodecs.ensureRegistered(vertx);
        String stream = PushLog.trades("u1");
        int wrong = (StreamPartitions.of(stream) + 1) % StreamPartitions.COUNT;
        vertx.deployVerticle(new NotifierVerticle(), new DeploymentOptions().setConfig(CONFIG))
                .compose(id -> vertx.eventBus().request(Addresses.notifierSnapshot(wrong), new SnapshotRequest(stream)))
                .onComplete(context.failing(failure -> context.verify(() -> {
                    assertThat(failure.getMessage()).contains("Not the owner");
                    context.completeNow();
                })));
    }

    /** {@code times} snapshot requests of one stream, all at once. */
    private static Future<List<Snapshot>> askTimes(Vertx vertx, String stream, int times) {
        List<Future<Snapshot>> replies = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            replies.add(vertx.eventBus().<Snapshot>request(Addresses.notifierSnapshot(stream), new SnapshotRequest(stream))
                    .map(Message::body));
        }
        return Future.all(replies).map(all -> all.<Snapshot>list());
    }
}
