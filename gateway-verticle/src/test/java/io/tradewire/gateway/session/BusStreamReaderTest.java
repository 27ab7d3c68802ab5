package io.tradewire.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Addresses;
import io.tradewire.model.StreamPartitions;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.event.History;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.Snapshot;
import io.tradewire.model.event.SnapshotRequest;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BusStreamReaderTest {
    private static final String ORDERS = "user.u1.orders";

    /** Each request's outcome as the meter saw it: its family address and its failure (null: answered). */
    private final List<String> metered = new CopyOnWriteArrayList<>();
    private BusStreamReader reader;

    @BeforeEach
    void setUp(Vertx vertx) {
        BusCodecs.ensureRegistered(vertx);
        reader = new BusStreamReader(vertx.eventBus(), new DeliveryOptions().setSendTimeout(2_000),
                (address, type, failure, nanos) -> metered.add(address + " " + (failure == null ? "ok" : failure.getMessage())),
                (delay, task) -> vertx.setTimer(delay, id -> task.run()));
    }

    @Test
    @DisplayName("Snapshot and history requests go to the owner of the stream's partition, not to another partition")
    void asksTheOwner(Vertx vertx, VertxTestContext context) {
        int partition = StreamPartitions.of(ORDERS);
        int other = (partition + 1) % StreamPartitions.COUNT;
        vertx.eventBus().<SnapshotRequest>consumer(Addresses.notifierSnapshot(other), m -> context.failNow("wrong partition"));
        vertx.eventBus().<SnapshotRequest>consumer(Addresses.notifierSnapshot(partition),
                m -> m.reply(new Snapshot(m.body().stream(), 7, 3, List.of())));
        vertx.eventBus().<HistoryRequest>consumer(Addresses.notifierHistory(partition),
                m -> m.reply(new History(m.body().stream(), 7, 3, true, List.of())));
        vertx.runOnContext(v -> reader.snapshot(ORDERS)
                .compose(snapshot -> {
                    context.verify(() -> assertThat(snapshot.epoch()).isEqualTo(7));
                    return reader.history(HistoryRequest.head(ORDERS));
                })
                .onComplete(context.succeeding(history -> context.verify(() -> {
                    assertThat(history.lastSeq()).isEqualTo(3);
                    assertThat(metered).containsExactly(Addresses.NOTIFIER_SNAPSHOT + " ok", Addresses.NOTIFIER_HISTORY + " ok");
                    context.completeNow();
                }))));
    }

    @Test
    @DisplayName("A partition without an owner for a moment (a handover) is asked again until its new owner answers")
    void asksAgainWhileThePartitionHasNoOwner(Vertx vertx, VertxTestContext context) {
        vertx.setTimer(250, id -> vertx.eventBus().<SnapshotRequest>consumer(Addresses.notifierSnapshot(ORDERS),
                m -> m.reply(new Snapshot(m.body().stream(), 9, 0, List.of()))));
        vertx.runOnContext(v -> reader.snapshot(ORDERS).onComplete(context.succeeding(snapshot -> context.verify(() -> {
            assertThat(snapshot.epoch()).isEqualTo(9);
            assertThat(metered.get(0)).startsWith(Addresses.NOTIFIER_SNAPSHOT + " No handlers");
            assertThat(metered.get(metered.size() - 1)).isEqualTo(Addresses.NOTIFIER_SNAPSHOT + " ok");
            assertThat(metered.size()).isBetween(2, BusStreamReader.NO_OWNER_RETRIES_MS.length + 1);
            context.completeNow();
        }))));
    }

    @Test
    @DisplayName("A notifier that no longer owns the partition (503) is asked again until the owner answers")
    void asksAgainWhenRefusedByAFormerOwner(Vertx vertx, VertxTestContext context) {
        int[] asked = new int[1];
        vertx.eventBus().<HistoryRequest>consumer(Addresses.notifierHistory(ORDERS), m -> {
            if (++asked[0] < 3) {
                m.fail(503, "Not the owner of " + ORDERS);
            } else {
                m.reply(new History(m.body().stream(), 11, 4, true, List.of()));
            }
        });
        vertx.runOnContext(v -> reader.history(HistoryRequest.head(ORDERS)).onComplete(context.succeeding(history -> context.verify(() -> {
            assertThat(history.epoch()).isEqualTo(11);
            assertThat(asked[0]).isEqualTo(3);
            assertThat(metered).hasSize(3);
            context.completeNow();
        }))));
    }

    @Test
    @DisplayName("A question never answered (its notifier died with it) is asked once more after the timeout, and only once")
    void asksOnceMoreAfterATimeout(Vertx vertx, VertxTestContext context) {
        BusStreamReader quick = new BusStreamReader(vertx.eventBus(), new DeliveryOptions().setSendTimeout(1_000),
                (address, type, failure, nanos) -> metered.add(address + " " + (failure == null ? "ok" : failure.getMessage())),
                (delay, task) -> vertx.setTimer(delay, id -> task.run()));
        int[] asked = new int[1];
        vertx.eventBus().<SnapshotRequest>consumer(Addresses.notifierSnapshot(ORDERS), m -> {
            if (++asked[0] > 1) {
                m.reply(new Snapshot(m.body().stream(), 12, 5, List.of()));
            } // the first question is swallowed, as by a node that died
        });
        String silent = "user.u2.orders";
        vertx.eventBus().<HistoryRequest>consumer(Addresses.notifierHistory(silent), m -> asked[0] += 100);
        vertx.runOnContext(v -> quick.snapshot(ORDERS)
                .compose(snapshot -> {
                    context.verify(() -> {
                        assertThat(snapshot.epoch()).isEqualTo(12);
                        assertThat(asked[0]).isEqualTo(2);
                    });
                    return quick.history(HistoryRequest.head(silent)).map(h -> (Void) null);
                })
                .onComplete(context.failing(failure -> context.verify(() -> {
                    assertThat(((ReplyException) failure).failureType()).isEqualTo(ReplyFailure.TIMEOUT);
                    assertThat(asked[0]).isEqualTo(202);
                    context.completeNow();
                }))));
    }

    @Test
    @DisplayName("A partition that finds no owner through all the retries fails with no handlers; other refusals are not retried")
    void givesUp(Vertx vertx, VertxTestContext context) {
        vertx.eventBus().<HistoryRequest>consumer(Addresses.notifierHistory(ORDERS), m -> m.fail(400, "malformed"));
        vertx.runOnContext(v -> reader.snapshot(ORDERS)
                .recover(failure -> {
                    context.verify(() -> {
                        assertThat(failure).isInstanceOf(ReplyException.class);
                        assertThat(((ReplyException) failure).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
                        assertThat(metered).hasSize(BusStreamReader.NO_OWNER_RETRIES_MS.length + 1);
                    });
                    metered.clear();
                    return reader.history(HistoryRequest.head(ORDERS)).map(h -> null);
                })
                .onComplete(context.failing(failure -> context.verify(() -> {
                    assertThat(((ReplyException) failure).failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
                    assertThat(metered).hasSize(1);
                    context.completeNow();
                }))));
    }
}
