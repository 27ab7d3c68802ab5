package io.tradewire.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.matching.ReplicaSet.Replica;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.command.Deposit;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import io.tradewire.model.bus.BusCodecs;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Three replicas of a venue in one JVM, each on its own Vert.x instance, data dir and Raft port on loopback. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard, not a measurement
class ReplicatedVenueTest {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedVenueTest.class);
    /** The bound: another replica serves the venue within 5 s of its leader's death. */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(5);
    private ReplicaSet set;

    @AfterEach
    void closeAll() {
        if (set != null) {
            set.close();
        }
    }

    private static SubmitOrder limit(String user, String clientOrderId, Side side, String price, String quantity) {
        return new SubmitOrder(user, clientOrderId, "IX2301", side, Offset.OPEN, OrderType.LIMIT, null, new BigDecimal(price),
                new BigDecimal(quantity), OrderSource.API);
    }

    private static long count(Collection<Event> events, Class<? extends Event> type) {
        return events.stream().filter(type::isInstance).count();
    }

    @Test
    @DisplayName("Acknowledged deposits, orders and fills are on every replica with the same state; only the leader serves and publishes")
    void ackedCommandsReachEveryReplica() {
        long startedAt = System.currentTimeMillis();
        set = new ReplicaSet(3, section -> {
        }).startAll();
        Replica leader = set.awaitLeader();

        AccountView deposited = ReplicaSet.await(leader.request(new Deposit("alice", new BigDecimal("5000"))));
        OrderView resting = ReplicaSet.await(leader.request(limit("alice", "a-1", Side.SELL, "120", "2")));
        OrderView taker = ReplicaSet.await(leader.request(limit("bob", "b-1", Side.BUY, "120", "1")));

        assertThat(deposited.balance()).isEqualByComparingTo("105000");
        assertThat(resting.orderId()).isNotEqualTo(taker.orderId());
        String hash = set.awaitConverged(3);
        assertThat(hash).isNotBlank();
        for (Replica replica : set.replicas) {
            assertThat(replica.health().getString("status")).isEqualTo("UP");
            assertThat(replica.health().getString("leader")).isEqualTo(leader.name);
            if (replica == leader) {
                assertThat(replica.health().getString("role")).isEqualTo("leader");
                assertThat(replica.health().getLong("servingSince")).as("when the leader began serving")
                        .isBetween(startedAt, System.currentTimeMillis());
                continue;
            }
            assertThat(replica.health().getString("role")).isEqualTo("follower");
            assertThat(replica.health().getBoolean("serving")).isFalse();
            assertThat(replica.health().getValue("servingSince")).isNull();
            Throwable refused = ReplicaSet.awaitFailure(replica.request(new QueryAccount("alice")));
            assertThat(((ReplyException) refused).failureType()).as("no consumer on a follower").isEqualTo(ReplyFailure.NO_HANDLERS);
            assertThat(replica.events).as("a follower publishes nothing").isEmpty();
        }
        ReplicaSet.awaitTrue(() -> count(leader.events, TradeExecuted.class) == 2, ReplicaSet.WAIT, "the fill's two trade events");
        assertThat(count(leader.events, OrderUpdated.class)).as("submitted x2, maker and taker filled").isGreaterThanOrEqualTo(4);
        PositionList positions = ReplicaSet.await(leader.request(new QueryPositions("bob", null)));
        assertThat(positions.positions()).as("a query answered from the leader's state sees the fill").singleElement()
                .satisfies(p -> assertThat(p.longQuantity()).isEqualByComparingTo("1"));
    }

    @Test
    @DisplayName("With two of three replicas down, a command is never acknowledged: it fails 503 and the state does not move")
    void noAckWithoutMajority() {
        set = new ReplicaSet(3, section -> {
        }).startAll();
        Replica leader = set.awaitLeader();
        OrderView control = ReplicaSet.await(leader.request(limit("alice", "a-1", Side.BUY, "119", "1")));
        assertThat(control.orderId()).as("positive control: acknowledged with a majority").isNotBlank();
        set.awaitConverged(2);
        long applied = leader.applied();
        AccountView before = ReplicaSet.await(leader.request(new QueryAccount("alice")));
        assertThat(before.balance()).as("positive control: a query answered with a majority").isNotNull();

        for (Replica replica : set.replicas) {
            if (replica != leader) {
                replica.stop();
            }
        }
        Throwable failure = ReplicaSet.awaitFailure(leader.request(limit("alice", "a-2", Side.BUY, "119", "1")));

        assertThat(failure).isInstanceOf(ReplyException.class);
        ReplyException refused = (ReplyException) failure;
        // Answered 503 by the leader; or, if it already stepped down (no majority heard), nobody consumes the address.
        assertThat(refused.failureType()).isIn(ReplyFailure.RECIPIENT_FAILURE, ReplyFailure.NO_HANDLERS);
        if (refused.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            assertThat(refused.failureCode()).isEqualTo(ErrorCode.UNAVAILABLE.code());
            assertThat(refused.getMessage()).contains("majority");
        }
        assertThat(leader.applied()).as("nothing was executed without a majority").isEqualTo(applied);
        Throwable query = ReplicaSet.awaitFailure(leader.request(new QueryAccount("alice")));
        assertThat(((ReplyException) query).failureType()).as("no stale answer from a leader without its lease")
                .isIn(ReplyFailure.RECIPIENT_FAILURE, ReplyFailure.NO_HANDLERS);
        ReplicaSet.awaitTrue(() -> !leader.serving(TestConfig.VENUE), ReplicaSet.WAIT, "the lone leader to step down");
    }

    @Test
    @DisplayName("Leader stopped under a steady order flow: a follower serves within 5 s and holds every acknowledged order")
    void failoverUnderSteadyFlow() throws InterruptedException {
        set = new ReplicaSet(3, section -> {
        }).startAll();
        Replica first = set.awaitLeader();
        ReplicaSet.await(first.request(new Deposit("alice", new BigDecimal("100000000"))));
        AtomicReference<Replica> target = new AtomicReference<>(first);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread flow = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                try {
                    OrderView order = target.get().<OrderView>request(limit("alice", "f-" + i, Side.BUY, "119", "1"))
                            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                    acked.add(order.orderId());
                } catch (Exception e) {
                    failed.incrementAndGet();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }, "order-flow");
        flow.start();
        ReplicaSet.awaitTrue(() -> acked.size() >= 30, ReplicaSet.WAIT, "30 orders acknowledged by the first leader");

        first.stop();
        long stoppedAt = System.currentTimeMillis();
        Replica next = set.awaitLeader(TestConfig.VENUE, ReplicaSet.WAIT);
        // From the moment the new leader itself reports it began serving: how soon this test notices is not the takeover.
        long takeoverMillis = next.health().getLong("servingSince") - stoppedAt;
        target.set(next);
        int before = acked.size();
        ReplicaSet.awaitTrue(() -> acked.size() >= before + 30, ReplicaSet.WAIT, "30 orders acknowledged by the new leader");
        running.set(false);
        flow.join();

        LOG.info("Failover: {} took over {} ms after {} stopped; {} orders acknowledged, {} failed or refused", next.name,
                takeoverMillis, first.name, acked.size(), failed.get());
        assertThat(next).isNotSameAs(first);
        assertThat(takeoverMillis).as("takeover after the leader stopped").isLessThan(FAILOVER_BOUND.toMillis());
        for (String orderId : acked) {
            OrderView order = ReplicaSet.await(next.request(new QueryOrder("alice", orderId)));
            assertThat(order.orderId()).isEqualTo(orderId);
        }
        set.awaitConverged(acked.size() + 1);
    }

    @Test
    @DisplayName("A replica restarted with an empty data dir catches up from the leader's snapshot and log to the same state")
    void emptyReplicaCatchesUp() {
        set = new ReplicaSet(3, section -> section.put("snapshot-threshold", 20).put("segment-bytes", 16 * 1024)).startAll();
        Replica leader = set.awaitLeader();
        Replica lagging = set.replicas.stream().filter(r -> r != leader).findFirst().orElseThrow();
        for (int i = 0; i < 100; i++) {
            ReplicaSet.await(leader.request(new Deposit("user" + (i % 7), BigDecimal.valueOf(100_000L * (i + 1)))));
        }
        lagging.stop();
        for (int i = 0; i < 200; i++) {
            ReplicaSet.await(leader.request(limit("user" + (i % 5), "c-" + i, Side.BUY, "119", "1")));
        }
        ReplicaSet.awaitTrue(() -> leader.raftFiles("log_0-").isEmpty() && !leader.raftFiles("snapshot.").isEmpty(),
                ReplicaSet.WAIT, "the leader to purge the start of its log behind a snapshot");

        ReplicaSet.deleteTree(lagging.dataDir);
        lagging.start();
        String hash = set.awaitConverged(300);

        assertThat(lagging.health().getString("stateHash")).isEqualTo(hash);
        assertThat(lagging.raftFiles("snapshot.")).as("it received the leader's snapshot (the log before it is gone)").isNotEmpty();
        OrderView after = ReplicaSet.await(leader.request(limit("user1", "after", Side.BUY, "119", "1")));
        assertThat(after.orderId()).isNotBlank();
    }

    @Test
    @DisplayName("Every replica restarted: latest snapshot + log replay give the same state hash, and the venue serves again")
    void snapshotAndRestart() {
        set = new ReplicaSet(3, section -> section.put("snapshot-threshold", 20)).startAll();
        Replica leader = set.awaitLeader();
        for (int i = 0; i < 30; i++) {
            ReplicaSet.await(leader.request(new Deposit("user" + (i % 3), BigDecimal.TEN)));
            ReplicaSet.await(leader.request(limit("user" + (i % 3), "c-" + i, i % 2 == 0 ? Side.BUY : Side.SELL, "119", "1")));
        }
        String hash = set.awaitConverged(60);
        ReplicaSet.awaitTrue(() -> set.replicas.stream().allMatch(r -> !r.raftFiles("snapshot.").isEmpty()), ReplicaSet.WAIT,
                "a snapshot on every replica");

        set.replicas.forEach(Replica::stop);
        set.replicas.forEach(Replica::start);
        Replica restarted = set.awaitLeader();

        assertThat(set.awaitConverged(60)).isEqualTo(hash);
        OrderView after = ReplicaSet.await(restarted.request(limit("user1", "after", Side.BUY, "119", "1")));
        assertThat(after.orderId()).isNotBlank();
    }

    @Test
    @DisplayName("A venue does not switch between the single-node journal and replication silently: the other mode's data stops the start")
    void otherModesDataRefused() throws Exception {
        set = new ReplicaSet(1, section -> {
        });
        Replica replica = set.replicas.get(0);
        Path journal = replica.dataDir.resolve("venues").resolve(TestConfig.VENUE);
        Files.createDirectories(journal);
        Files.writeString(journal.resolve("snapshot-00000000000000000000.snap"), "journaled state");

        assertThatThrownBy(replica::start).hasMessageContaining("single-node journal").hasMessageContaining(journal.toString());

        ReplicaSet.deleteTree(journal);
        replica.stop();
        replica.start();
        Replica leader = set.awaitLeader();
        assertThat(leader).as("positive control: a lone replica is its own majority").isSameAs(replica);
        ReplicaSet.await(replica.request(new Deposit("alice", BigDecimal.ONE)));
        replica.stop();
        Vertx vertx = Vertx.vertx();
        try {
            BusCodecs.ensureRegistered(vertx);
            Throwable refused = ReplicaSet.awaitFailure(vertx.deployVerticle(MatchingVerticle.class.getName(),
                    new DeploymentOptions().setConfig(TestConfig.root(replica.dataDir))));
            assertThat(refused).hasMessageContaining("Raft log").hasMessageContaining(replica.raftDir(TestConfig.VENUE).toString());
        } finally {
            ReplicaSet.await(vertx.close());
        }
    }

    @Test
    @DisplayName("Two venues on the same three nodes are led by their preferred leaders, two different nodes")
    void twoVenuesTwoLeaders() {
        set = new ReplicaSet(3, section -> section.put("preferred-leader", new JsonObject().put("alpha", "n1").put("beta", "n2")));
        for (Replica replica : set.replicas) {
            JsonObject config = replica.config();
            config.getJsonObject("matching").put("venues", new JsonArray().add("alpha").add("beta"));
            replica.start(config);
        }
        ReplicaSet.awaitTrue(() -> set.replica("n1").serving("alpha") && set.replica("n2").serving("beta"), ReplicaSet.WAIT,
                "alpha led by n1 and beta by n2");

        AccountView alpha = ReplicaSet.await(set.replica("n1").request("alpha", new Deposit("alice", BigDecimal.ONE)));
        AccountView beta = ReplicaSet.await(set.replica("n2").request("beta", new Deposit("alice", BigDecimal.TEN)));

        assertThat(alpha.balance()).isEqualByComparingTo("100001");
        assertThat(beta.balance()).isEqualByComparingTo("100010");
        assertThat(set.replica("n1").serving("beta")).isFalse();
        assertThat(set.replica("n2").serving("alpha")).isFalse();
        assertThat(set.replica("n3").health("alpha").getString("role")).isEqualTo("follower");
    }
}
