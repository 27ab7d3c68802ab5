package io.tradewire.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.event.History;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.StreamPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HistoryStoreTest {
    private static final String STREAM = "user.u1.orders";
    private static final long EPOCH = 7;

    private final Sequencer sequencer = new Sequencer(EPOCH);

    private static HistoryStore store(int maxMessages, Duration maxAge) {
        return new HistoryStore(new HistoryConfig(maxMessages, maxMessages, maxAge));
    }

    private void publish(HistoryStore store, int count, long now) {
        for (int i = 0; i < count; i++) {
            keep(store, STREAM, now);
        }
    }

    /** Stamps a message of {@code stream} and keeps it, as the notifier does: through the stream's slot. */
    private Push keep(HistoryStore store, String stream, long now) {
        Sequencer.Slot slot = sequencer.slot(stream);
        Push push = sequencer.stamp(slot, StreamRouterTest.TRADE);
        store.append(push, now, slot);
        return push;
    }

    private History read(HistoryStore store, long epoch, long after, long upTo, long now) {
        return store.read(new HistoryRequest(STREAM, epoch, after, upTo), EPOCH, sequencer.lastSeq(STREAM), now);
    }

    private static List<Long> seqs(History history) {
        return history.pushes().stream().map(Push::seq).toList();
    }

    @Test
    @DisplayName("Everything after a position comes back in order; a position at the head recovers with nothing to send")
    void readsAfterAPosition() {
        HistoryStore store = store(100, Duration.ofMinutes(3));
        publish(store, 10, 0);
        History history = store.read(HistoryRequest.after(new StreamPosition(STREAM, EPOCH, 6)), EPOCH, 10, 0);
        assertThat(history.recovered()).isTrue();
        assertThat(seqs(history)).containsExactly(7L, 8L, 9L, 10L);
        assertThat(history.lastSeq()).isEqualTo(10);
        History atHead = read(store, EPOCH, 10, Long.MAX_VALUE, 0);
        assertThat(atHead.recovered()).isTrue();
        assertThat(atHead.pushes()).isEmpty();
        assertThat(seqs(read(store, EPOCH, 2, 4, 0))).containsExactly(3L, 4L);
    }

    @Test
    @DisplayName("A ring that wrapped around (its oldest aged out) grows with its messages in order, up to a bound that is no power of two")
    void growsAfterWrapping() {
        HistoryStore store = store(21, Duration.ofMillis(1_000));
        publish(store, 3, 0); // seq 1..3, aged out at 1,001
        publish(store, 4, 500); // seq 4..7 in the first ring's 8 slots
        assertThat(read(store, EPOCH, 3, Long.MAX_VALUE, 1_001).recovered()).isTrue(); // 1..3 go: the oldest is in slot 3
        publish(store, 4, 1_001); // 8..11: slots 7, 0, 1, 2: full and wrapped around
        publish(store, 12, 1_002); // grows from the wrapped ring to 16, then 32 slots (the bound 21 needs 32)
        History history = read(store, EPOCH, 3, Long.MAX_VALUE, 1_002);
        assertThat(history.recovered()).isTrue();
        assertThat(seqs(history)).containsExactlyElementsOf(LongStream.rangeClosed(4, 23).boxed().toList());
        publish(store, 30, 1_003); // past the bound: the oldest go, 21 are kept
        assertThat(seqs(read(store, EPOCH, 32, Long.MAX_VALUE, 1_003)))
                .containsExactlyElementsOf(LongStream.rangeClosed(33, 53).boxed().toList());
        assertThat(read(store, EPOCH, 31, Long.MAX_VALUE, 1_003).recovered()).isFalse();
    }

    @Test
    @DisplayName("Past the count bound the oldest go: a position behind them cannot be recovered")
    void countBound() {
        HistoryStore store = store(5, Duration.ofMinutes(3));
        publish(store, 12, 0);
        assertThat(store.messages()).isEqualTo(5);
        assertThat(read(store, EPOCH, 6, Long.MAX_VALUE, 0).recovered()).isFalse();
        assertThat(seqs(read(store, EPOCH, 7, Long.MAX_VALUE, 0))).containsExactly(8L, 9L, 10L, 11L, 12L);
    }

    @Test
    @DisplayName("Messages older than the age bound go, and a stream left empty costs nothing after a sweep")
    void ageBound() {
        HistoryStore store = store(100, Duration.ofSeconds(60));
        publish(store, 3, 0);
        publish(store, 3, 30_000);
        assertThat(seqs(read(store, EPOCH, 0, Long.MAX_VALUE, 59_000))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(read(store, EPOCH, 0, Long.MAX_VALUE, 61_000).recovered()).isFalse();
        assertThat(seqs(read(store, EPOCH, 3, Long.MAX_VALUE, 61_000))).containsExactly(4L, 5L, 6L);
        store.expireAll(91_000);
        assertThat(store.streams()).isZero();
        assertThat(store.messages()).isZero();
        // Nothing kept, nothing missed: a client at the head still recovers.
        assertThat(read(store, EPOCH, 6, Long.MAX_VALUE, 91_000).recovered()).isTrue();
        assertThat(read(store, EPOCH, 5, Long.MAX_VALUE, 91_000).recovered()).isFalse();
    }

    @Test
    @DisplayName("Another epoch, a position ahead of the stream or an end it has not reached cannot be answered; the head is always told")
    void unanswerable() {
        HistoryStore store = store(100, Duration.ofMinutes(3));
        publish(store, 4, 0);
        assertThat(read(store, EPOCH - 1, 2, Long.MAX_VALUE, 0).recovered()).isFalse();
        assertThat(read(store, EPOCH, 5, Long.MAX_VALUE, 0).recovered()).isFalse();
        assertThat(read(store, EPOCH, 1, 9, 0).recovered()).isFalse();
        History head = store.read(HistoryRequest.head(STREAM), EPOCH, 4, 0);
        assertThat(head.epoch()).isEqualTo(EPOCH);
        assertThat(head.lastSeq()).isEqualTo(4);
        assertThat(head.pushes()).isEmpty();
    }

    @Test
    @DisplayName("A history of 0 messages keeps nothing: only a client at the head recovers")
    void disabled() {
        HistoryStore store = store(0, Duration.ofMinutes(3));
        publish(store, 4, 0);
        assertThat(store.messages()).isZero();
        assertThat(read(store, EPOCH, 3, Long.MAX_VALUE, 0).recovered()).isFalse();
        assertThat(read(store, EPOCH, 4, Long.MAX_VALUE, 0).recovered()).isTrue();
    }

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    /**
     * Random bounds, random publishing times and random requests, against a model that remembers everything: a
     * request is recovered exactly when every message it asks for is both within the last {@code maxMessages} and
     * younger than {@code maxAge}, and then it gets exactly those messages.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("Property: recovered exactly when every asked-for message is within both bounds, and then exactly those")
    void matchesAModel(long seed) {
        Random random = new Random(seed);
        int maxMessages = 1 + random.nextInt(random.nextBoolean() ? 8 : 200);
        long maxAge = 1 + random.nextInt(5_000);
        HistoryStore store = store(maxMessages, Duration.ofMillis(maxAge));
        List<Push> all = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        long now = 0;
        int steps = 1 + random.nextInt(400);
        for (int step = 0; step < steps; step++) {
            now += random.nextInt(100);
            if (random.nextInt(10) < 7) {
                Push push = keep(store, STREAM, now);
                all.add(push);
                times.add(now);
            } else if (random.nextInt(4) == 0) {
                store.expireAll(now);
            } else {
                long last = all.size();
                long after = random.nextInt((int) last + 3) - 1;
                long upTo = random.nextBoolean() ? Long.MAX_VALUE : after + random.nextInt(10);
                History answer = read(store, EPOCH, after, upTo, now);
                long end = upTo == Long.MAX_VALUE ? last : upTo;
                boolean possible = after >= 0 && after <= last && end <= last;
                boolean kept = true;
                for (long seq = after + 1; possible && seq <= end; seq++) {
                    int index = (int) seq - 1;
                    kept &= index >= all.size() - maxMessages && now - times.get(index) <= maxAge;
                }
                assertThat(answer.recovered()).as("after %d up to %d of %d at %d", after, upTo, last, now).isEqualTo(possible && kept);
                if (answer.recovered()) {
                    assertThat(answer.pushes()).isEqualTo(end <= after ? List.of() : all.subList((int) after, (int) end));
                }
            }
        }
        assertThat(store.messages()).isLessThanOrEqualTo(maxMessages);
    }

    @Test
    @DisplayName("Dropping a partition forgets its streams' messages and nothing else")
    void dropsAPartition() {
        HistoryStore store = store(10, Duration.ofMinutes(1));
        String other = "user." + SequencerTest.userOutside(io.tradewire.model.StreamPartitions.of(STREAM)) + ".orders";
        publish(store, 3, 0);
        keep(store, other, 0);
        java.util.BitSet partitions = new java.util.BitSet();
        partitions.set(io.tradewire.model.StreamPartitions.of(STREAM));
        store.drop(partitions);
        assertThat(store.streams()).isEqualTo(1);
        assertThat(store.messages()).isEqualTo(1);
        assertThat(read(store, EPOCH, 0, Long.MAX_VALUE, 0).recovered()).isFalse();
    }

    @Test
    @DisplayName("A stream whose snapshot is its whole state keeps the shorter bound; order and trade streams the longer one")
    void stateStreamsKeepLess() {
        HistoryStore store = new HistoryStore(new HistoryConfig(50, 4, 1_000, Duration.ofMinutes(3)));
        String account = "user.u1.account";
        String bar = "market.AAPL.bar.1m";
        for (int i = 0; i < 10; i++) {
            keep(store, STREAM, 0);
            keep(store, account, 0);
            keep(store, bar, 0);
        }
        assertThat(store.messages()).isEqualTo(10 + 4 + 4);
        assertThat(store.read(new HistoryRequest(account, EPOCH, 6, Long.MAX_VALUE), EPOCH, 10, 0).pushes())
                .extracting(Push::seq).containsExactly(7L, 8L, 9L, 10L);
        assertThat(store.read(new HistoryRequest(account, EPOCH, 5, Long.MAX_VALUE), EPOCH, 10, 0).recovered()).isFalse();
        assertThat(seqs(read(store, EPOCH, 0, Long.MAX_VALUE, 0))).hasSize(10);
    }

    @Test
    @DisplayName("Which streams count as whole state: account, positions, book, ticker, bars, summary")
    void wholeStateKinds() {
        assertThat(List.of("user.u1.account", "user.u1.positions", "market.AAPL.book", "market.AAPL.ticker",
                "market.AAPL.bar.1m", "market.US.summary")).allMatch(HistoryStore::wholeState);
        assertThat(List.of("user.u1.orders", "user.u1.trades", "user.u1.algo", "market.AAPL.trades", "odd", "a.b"))
                .noneMatch(HistoryStore::wholeState);
    }

    /**
     * Several streams of both bounds, a total bound and random times, against a model that remembers everything: a
     * message is kept exactly when it is among its stream's newest (stream bound), younger than the age bound, and
     * among the newest {@code total} of the messages that are within their stream's bound.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("Property: with a total bound over several streams the oldest message of any stream goes first")
    void totalBoundMatchesAModel(long seed) {
        Random random = new Random(seed);
        int maxMessages = 1 + random.nextInt(40);
        int stateMax = 1 + random.nextInt(8);
        int total = 1 + random.nextInt(random.nextBoolean() ? 10 : 120);
        long maxAge = 1 + random.nextInt(5_000);
        HistoryStore store = new HistoryStore(new HistoryConfig(maxMessages, stateMax, total, Duration.ofMillis(maxAge)));
        List<String> streams = List.of("user.u1.orders", "user.u2.trades", "user.u1.account", "market.AAPL.book");
        List<List<Push>> all = new ArrayList<>();
        List<List<Long>> times = new ArrayList<>();
        List<Long> order = new ArrayList<>(); // stream index * 1e9 + seq, in arrival order
        streams.forEach(s -> {
            all.add(new ArrayList<>());
            times.add(new ArrayList<>());
        });
        long now = 0;
        int steps = 1 + random.nextInt(600);
        for (int step = 0; step < steps; step++) {
            now += random.nextInt(60);
            int k = random.nextInt(streams.size());
            String stream = streams.get(k);
            int bound = HistoryStore.wholeState(stream) ? stateMax : maxMessages;
            int roll = random.nextInt(10);
            if (roll < 7) {
                Push push = keep(store, stream, now);
                all.get(k).add(push);
                times.get(k).add(now);
                order.add(k * 1_000_000_000L + push.seq());
            } else if (roll == 7) {
                store.expireAll(now);
            } else {
                // The model: walk arrivals newest first, counting those within their stream's bound.
                java.util.Set<Long> kept = new java.util.HashSet<>();
                int counted = 0;
                for (int i = order.size() - 1; i >= 0 && counted < total; i--) {
                    long id = order.get(i);
                    int sk = (int) (id / 1_000_000_000L);
                    long seq = id % 1_000_000_000L;
                    int sb = HistoryStore.wholeState(streams.get(sk)) ? stateMax : maxMessages;
                    if (seq > all.get(sk).size() - sb) {
                        counted++;
                        if (now - times.get(sk).get((int) seq - 1) <= maxAge) {
                            kept.add(id);
                        }
                    }
                }
                long last = all.get(k).size();
                long after = random.nextInt((int) last + 2);
                after = Math.min(after, last);
                History answer = store.read(new HistoryRequest(stream, EPOCH, after, Long.MAX_VALUE),
                        EPOCH, sequencer.lastSeq(stream), now);
                boolean expected = true;
                for (long seq = after + 1; seq <= last; seq++) {
                    expected &= kept.contains(k * 1_000_000_000L + seq);
                }
                assertThat(answer.recovered()).as("%s after %d of %d at %d (bound %d, total %d)", stream, after, last, now, bound, total)
                        .isEqualTo(expected);
                if (expected) {
                    assertThat(answer.pushes()).isEqualTo(all.get(k).subList((int) after, (int) last));
                }
            }
            assertThat(store.messages()).isLessThanOrEqualTo(total);
        }
    }

    @Test
    @DisplayName("Past the total bound the oldest message of all goes, whichever stream it belongs to")
    void totalBound() {
        HistoryStore store = new HistoryStore(new HistoryConfig(100, 100, 5, Duration.ofMinutes(3)));
        String other = "user.u2.orders";
        publish(store, 3, 0); // STREAM 1..3
        for (int i = 0; i < 3; i++) {
            keep(store, other, 0); // other 1..3: STREAM's 1 goes
        }
        assertThat(store.messages()).isEqualTo(5);
        assertThat(read(store, EPOCH, 0, Long.MAX_VALUE, 0).recovered()).isFalse();
        assertThat(seqs(read(store, EPOCH, 1, Long.MAX_VALUE, 0))).containsExactly(2L, 3L);
        publish(store, 1, 0); // STREAM 4: its own 2 goes, the oldest of all
        assertThat(seqs(read(store, EPOCH, 2, Long.MAX_VALUE, 0))).containsExactly(3L, 4L);
        assertThat(store.read(new HistoryRequest(other, EPOCH, 0, Long.MAX_VALUE), EPOCH, 3, 0).pushes()).hasSize(3);
        for (int i = 0; i < 10_000; i++) { // stale entries of dropped messages are compacted away, the bound holds
            keep(store, other, 0);
        }
        assertThat(store.messages()).isEqualTo(5);
        assertThat(read(store, EPOCH, 3, Long.MAX_VALUE, 0).recovered()).isFalse();
    }

    @Test
    @DisplayName("Appending through a stream's slot keeps what a plain append keeps, also after its ring was removed empty or dropped")
    void appendsThroughTheSlot() {
        HistoryStore store = store(100, Duration.ofSeconds(60));
        Sequencer.Slot slot = sequencer.slot(STREAM);
        for (int i = 0; i < 3; i++) {
            store.append(sequencer.stamp(slot, StreamRouterTest.TRADE), 0, slot);
        }
        assertThat(seqs(read(store, EPOCH, 0, Long.MAX_VALUE, 0))).containsExactly(1L, 2L, 3L);
        store.expireAll(61_000); // aged out: the ring is removed, the slot still points at it
        assertThat(store.streams()).isZero();
        store.append(sequencer.stamp(slot, StreamRouterTest.TRADE), 61_000, slot);
        assertThat(store.streams()).isEqualTo(1);
        assertThat(seqs(read(store, EPOCH, 3, Long.MAX_VALUE, 61_000))).containsExactly(4L);
        java.util.BitSet partitions = new java.util.BitSet();
        partitions.set(io.tradewire.model.StreamPartitions.of(STREAM));
        store.drop(partitions);
        assertThat(store.messages()).isZero();
        store.append(sequencer.stamp(slot, StreamRouterTest.TRADE), 61_000, slot);
        assertThat(store.messages()).isEqualTo(1);
        assertThat(seqs(read(store, EPOCH, 4, Long.MAX_VALUE, 61_000))).containsExactly(5L);
    }
}
