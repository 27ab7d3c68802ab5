package io.tradewire.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.model.Side;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.History;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.Snapshot;
import io.tradewire.model.event.StreamHead;
import io.tradewire.model.event.StreamPosition;
import io.tradewire.model.event.Tick;
import io.tradewire.model.event.UserClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Sequencing} against a model notifier (sequence numbers, user clocks, a history bounded by count, snapshots)
 * whose answers arrive at once or later in any order, with pushes lost at random.
 */
class SequencingTest {
    static final String ORDERS = "user.u1.orders";
    static final String TRADES = "user.u1.trades";
    static final String ACCOUNT = "user.u1.account";
    static final String POSITIONS = "user.u1.positions";
    static final String BOOK = "market.IX2301.book";
    static final List<String> STREAMS = List.of(ORDERS, TRADES, ACCOUNT, POSITIONS, BOOK);
    static final Event EVENT = new Tick("T1", "IX2301", BigDecimal.TEN, BigDecimal.ONE, Side.BUY, 1L);

    /**
     * The notifier as the gateway sees it: pushes with user clocks, a history of the last {@code retain} per stream.
     * Streams are owned by partitions: a user's streams move together, the market stream alone; a move starts the
     * moved streams over in a new epoch, with their history and the user's clock gone.
     */
    static final class ModelNotifier {
        long epoch = 100;
        int retain = Integer.MAX_VALUE;
        final Map<String, List<Push>> log = new HashMap<>();
        final long[] user = new long[4];
        /** The epoch of each ownership group a move gave a new one. */
        final Map<String, Long> moved = new HashMap<>();
        long nextEpoch = 1_000;

        long epoch(String stream) {
            return moved.getOrDefault(group(stream), epoch);
        }

        static String group(String stream) {
            return StreamKeys.isPrivate(stream) ? "user" : stream;
        }

        /** The group of {@code stream} moves to another notifier: new epoch, nothing kept. */
        void move(String stream) {
            String group = group(stream);
            moved.put(group, nextEpoch++);
            log.keySet().removeIf(key -> group(key).equals(group));
            if (group.equals("user")) {
                java.util.Arrays.fill(user, 0);
            }
        }

        Push publish(String stream) {
            List<Push> pushes = log.computeIfAbsent(stream, key -> new ArrayList<>());
            long seq = pushes.size() + 1;
            int kind = StreamKeys.userKindIndex(stream);
            Push push;
            if (kind >= 0) {
                user[kind] = seq;
                push = new Push(stream, epoch(stream), seq, EVENT, UserClock.of(user));
            } else {
                push = new Push(stream, epoch(stream), seq, EVENT);
            }
            pushes.add(push);
            return push;
        }

        long last(String stream) {
            return log.getOrDefault(stream, List.of()).size();
        }

        StreamHead head(String stream) {
            return new StreamHead(stream, epoch(stream), last(stream));
        }

        History history(HistoryRequest request) {
            long epoch = epoch(request.stream());
            long last = last(request.stream());
            long upTo = request.upToSeq() == Long.MAX_VALUE ? last : request.upToSeq();
            long oldest = Math.max(1, last - retain + 1);
            boolean recovered = request.epoch() == epoch && request.afterSeq() >= 0 && request.afterSeq() <= last && upTo <= last
                    && (upTo <= request.afterSeq() || request.afterSeq() + 1 >= oldest);
            List<Push> pushes = recovered && upTo > request.afterSeq()
                    ? log.get(request.stream()).subList((int) request.afterSeq(), (int) upTo) : List.of();
            return new History(request.stream(), epoch, last, recovered, pushes);
        }

        Snapshot snapshot(String stream) {
            return new Snapshot(stream, epoch(stream), last(stream), List.of(EVENT));
        }
    }

    /** Answers from the model, at once or when the test releases them (then computed at that moment, in any order). */
    static final class ModelReader implements StreamReader {
        final ModelNotifier notifier;
        final boolean deferred;
        final List<Runnable> pending = new ArrayList<>();
        int histories;
        int snapshots;

        ModelReader(ModelNotifier notifier, boolean deferred) {
            this.notifier = notifier;
            this.deferred = deferred;
        }

        @Override
        public Future<Snapshot> snapshot(String stream) {
            snapshots++;
            return answer(() -> notifier.snapshot(stream));
        }

        /** Per stream, the head last answered to a session that starts live from it. */
        final Map<String, Long> heads = new HashMap<>();

        @Override
        public Future<History> history(HistoryRequest request) {
            histories++;
            return answer(() -> {
                History history = notifier.history(request);
                if (request.equals(HistoryRequest.head(request.stream()))) {
                    heads.put(request.stream(), history.lastSeq());
                }
                return history;
            });
        }

        private <T> Future<T> answer(Supplier<T> answer) {
            if (!deferred) {
                return Future.succeededFuture(answer.get());
            }
            Promise<T> promise = Promise.promise();
            pending.add(() -> promise.complete(answer.get()));
            return promise.future();
        }

        boolean releaseOne(Random random) {
            if (pending.isEmpty()) {
                return false;
            }
            pending.remove(random.nextInt(pending.size())).run();
            return true;
        }
    }

    /** What the client receives, and a checker of its order: each stream contiguous, private streams causal. */
    static final class Client implements Sequencing.Output {
        final List<Object> received = new ArrayList<>();
        final Map<String, Long> position = new HashMap<>();
        final Map<String, Long> epochs = new HashMap<>();
        final List<String> problems = new ArrayList<>();
        final List<Outbound.Resumed> resumes = new ArrayList<>();
        final Map<String, Integer> resyncs = new HashMap<>();
        boolean checkCausality = true;
        String closed;

        @Override
        public void deliver(Push push, FanOut frames) {
            message(push);
        }

        @Override
        public void send(Outbound message) {
            received.add(message);
            if (message instanceof Outbound.Delivery delivery) {
                if (delivery.snapshot()) {
                    position.put(delivery.push().stream(), delivery.push().seq());
                    epochs.put(delivery.push().stream(), delivery.push().epoch());
                } else {
                    message(delivery.push());
                }
            } else if (message instanceof Outbound.Resync resync) {
                resyncs.merge(resync.stream(), 1, Integer::sum);
            } else if (message instanceof Outbound.Resumed resumed) {
                resumes.add(resumed);
            }
        }

        private void message(Push push) {
            received.add(push);
            Long at = position.get(push.stream());
            if (at != null && push.seq() != at + 1) {
                problems.add(push.stream() + ": " + push.seq() + " after " + at);
            }
            Long epoch = epochs.put(push.stream(), push.epoch());
            if (epoch != null && epoch != push.epoch()) {
                problems.add(push.stream() + ": epoch " + push.epoch() + " after " + epoch + " without a resync");
            }
            if (checkCausality && push.clock() != null) {
                for (int kind = 0; kind < 4; kind++) {
                    String sibling = "user.u1." + StreamKeys.USER_KINDS.get(kind);
                    Long siblingAt = position.get(sibling);
                    // Positions of another epoch (a sibling not resynced yet after a move) say nothing about this clock.
                    boolean sameEpoch = epochs.getOrDefault(sibling, push.epoch()) == push.epoch();
                    if (!sibling.equals(push.stream()) && sameEpoch && siblingAt != null && siblingAt < push.clock().seq(kind)) {
                        problems.add(push.stream() + " " + push.seq() + " before " + sibling + " " + push.clock().seq(kind));
                    }
                }
            }
            position.put(push.stream(), push.seq());
        }

        @Override
        public void close(short code, String reason) {
            closed = code + " " + reason;
        }

        @Override
        public void overflow(String stream, int held) {
            closed = "overflow " + stream + " " + held;
        }

        @Override
        public boolean isClosed() {
            return closed != null;
        }
    }

    private final ModelNotifier notifier = new ModelNotifier();
    /** Per step of {@link #run}, the chance that a stream's ownership group moves to another notifier. */
    private double moves;

    // ---------------------------------------------------------------- examples

    @Test
    @DisplayName("Snapshot then live: pushes held while the snapshot is out go after it, those it already holds are dropped")
    void snapshotThenLive() {
        ModelReader reader = new ModelReader(notifier, true);
        Client client = new Client();
        Sequencing sequencing = new Sequencing(client, reader);
        notifier.publish(BOOK);
        sequencing.follow(BOOK, Sequencing.Start.SNAPSHOT);
        Push second = notifier.publish(BOOK);
        reader.pending.remove(0).run(); // the snapshot, at seq 2
        Push third = notifier.publish(BOOK);
        sequencing.offer(second, null);
        sequencing.offer(third, null);
        assertThat(client.received).hasSize(2);
        assertThat(((Outbound.Delivery) client.received.get(0)).snapshot()).isTrue();
        assertThat(client.received.get(1)).isEqualTo(third);
        assertThat(client.problems).isEmpty();
    }

    @Test
    @DisplayName("Streams followed from their heads together: the answer waits for every head and goes before any of their pushes")
    void positionedTogether() {
        ModelReader reader = new ModelReader(notifier, true);
        Client client = new Client();
        Sequencing sequencing = new Sequencing(client, reader);
        List<String> streams = List.of(ORDERS, TRADES, ACCOUNT);
        sequencing.followFromHeads(streams, () -> client.received.add("answered"));
        assertThat(reader.pending).hasSize(3);
        Push before = notifier.publish(ORDERS); // published before its head was taken: not this client's
        sequencing.offer(before, null);
        reader.pending.remove(0).run(); // the orders head, at seq 1
        Push during = notifier.publish(ORDERS); // after its head, before the client was answered
        sequencing.offer(during, null);
        assertThat(client.received).as("nothing before the answer").isEmpty();
        reader.pending.remove(0).run();
        assertThat(client.received).isEmpty();
        reader.pending.remove(0).run();
        assertThat(client.received).containsExactly("answered", during);
        Push after = notifier.publish(ORDERS);
        sequencing.offer(after, null);
        assertThat(client.received).containsExactly("answered", during, after);
        assertThat(client.problems).isEmpty();
    }

    @Test
    @DisplayName("Positioned streams: a push lost while the heads were out is healed after the answer; one unsubscribed meanwhile no longer counts")
    void positionedHealsAndForgets() {
        ModelReader reader = new ModelReader(notifier, true);
        Client client = new Client();
        Sequencing sequencing = new Sequencing(client, reader);
        sequencing.followFromHeads(List.of(BOOK, ORDERS), () -> client.received.add("answered"));
        reader.pending.remove(0).run(); // the book head, at seq 0
        notifier.publish(BOOK); // lost on the bus (the consumer was not known everywhere yet)
        Push second = notifier.publish(BOOK);
        sequencing.offer(second, null);
        sequencing.forget(ORDERS); // its head never comes back
        assertThat(client.received).containsExactly("answered");
        assertThat(reader.pending).as("the old orders head, and the gap's history").hasSize(2);
        reader.pending.remove(1).run(); // the history of the book's gap
        assertThat(client.received).extracting(m -> m instanceof Push push ? push.seq() : m).containsExactly("answered", 1L, 2L);
        reader.pending.remove(0).run(); // the forgotten stream's head: ignored
        assertThat(client.received).hasSize(3);
        assertThat(client.problems).isEmpty();
    }

    @Test
    @DisplayName("Positioning nothing answers at once; a session closed before its heads are in is never answered")
    void positioningEdges() {
        ModelReader reader = new ModelReader(notifier, true);
        Client client = new Client();
        Sequencing sequencing = new Sequencing(client, reader);
        sequencing.followFromHeads(List.of(), () -> client.received.add("answered"));
        assertThat(client.received).containsExactly("answered");
        sequencing.followFromHeads(List.of(BOOK), () -> client.received.add("again"));
        client.close((short) 1000, "bye");
        reader.pending.remove(0).run();
        assertThat(client.received).containsExactly("answered");
    }

    @Test
    @DisplayName("A partition announced in a new epoch resyncs its live streams even without a new message; the same epoch changes nothing")
    void announcedEpochResyncs() {
        Client client = new Client();
        ModelReader reader = new ModelReader(notifier, false);
        Sequencing sequencing = new Sequencing(client, reader);
        sequencing.follow(ORDERS, Sequencing.Start.HEAD);
        sequencing.offer(notifier.publish(ORDERS), null);
        sequencing.epochMoved(ORDERS, notifier.epoch(ORDERS));
        assertThat(client.resyncs).isEmpty();
        notifier.publish(ORDERS); // published by the old owner, lost with it
        notifier.move(ORDERS); // the new owner knows nothing of it and has no message yet
        int snapshots = reader.snapshots;
        sequencing.epochMoved(ORDERS, notifier.epoch(ORDERS));
        assertThat(client.resyncs).containsEntry(ORDERS, 1);
        assertThat(reader.snapshots).isEqualTo(snapshots + 1);
        assertThat(client.epochs).containsEntry(ORDERS, notifier.epoch(ORDERS));
        Push next = notifier.publish(ORDERS);
        sequencing.offer(next, null);
        assertThat(client.received.get(client.received.size() - 1)).isEqualTo(next);
        sequencing.epochMoved(ORDERS, notifier.epoch(ORDERS));
        assertThat(client.resyncs).containsEntry(ORDERS, 1);
        assertThat(client.problems).isEmpty();
    }

    @Test
    @DisplayName("A lost push is noticed at the next one, fetched from history and delivered before it; nothing is forwarded across the gap")
    void healsAGap() {
        ModelReader reader = new ModelReader(notifier, true);
        Client client = new Client();
        Sequencing sequencing = new Sequencing(client, reader);
        sequencing.follow(BOOK, Sequencing.Start.HEAD);
        reader.pending.remove(0).run();
        Push one = notifier.publish(BOOK);
        notifier.publish(BOOK); // lost on the bus
        Push three = notifier.publish(BOOK);
        sequencing.offer(one, null);
        sequencing.offer(three, null);
        assertThat(client.received).containsExactly(one);
        assertThat(reader.pending).hasSize(1);
        reader.pending.remove(0).run();
        assertThat(client.received).extracting(m -> ((Push) m).seq()).containsExactly(1L, 2L, 3L);
    }

    @Test
    @DisplayName("A gap the history no longer covers resyncs the stream: Resync, its snapshot, then live")
    void resyncsWhatHistoryLost() {
        notifier.retain = 2;
        Client client = new Client();
        Sequencing sequencing = new Sequencing(client, new ModelReader(notifier, false));
        sequencing.follow(BOOK, Sequencing.Start.HEAD);
        sequencing.offer(notifier.publish(BOOK), null);
        for (int i = 0; i < 5; i++) {
            notifier.publish(BOOK); // lost
        }
        Push seventh = notifier.publish(BOOK);
        sequencing.offer(seventh, null);
        assertThat(client.resyncs).containsEntry(BOOK, 1);
        assertThat(client.received.get(client.received.size() - 2)).isInstanceOf(Outbound.Resync.class);
        assertThat(((Outbound.Delivery) client.received.get(client.received.size() - 1)).push().seq()).isEqualTo(7);
        Push eighth = notifier.publish(BOOK);
        sequencing.offer(eighth, null);
        assertThat(client.received.get(client.received.size() - 1)).isEqualTo(eighth);
    }

    @Test
    @DisplayName("A lost last message is noticed at the stream's head and healed; a new epoch resyncs")
    void headsAndEpochs() {
        Client client = new Client();
        Sequencing sequencing = new Sequencing(client, new ModelReader(notifier, false));
        sequencing.follow(BOOK, Sequencing.Start.HEAD);
        sequencing.offer(notifier.publish(BOOK), null);
        notifier.publish(BOOK); // lost, and nothing follows
        sequencing.offer(notifier.head(BOOK));
        assertThat(client.position).containsEntry(BOOK, 2L);
        notifier.epoch++;
        notifier.log.clear();
        sequencing.offer(notifier.publish(BOOK), null);
        assertThat(client.resyncs).containsEntry(BOOK, 1);
        assertThat(client.epochs).containsEntry(BOOK, notifier.epoch);
        assertThat(client.problems).isEmpty();
    }

    @Test
    @DisplayName("A fill's account update waits for the order update it follows, which was lost and is healed first")
    void causalOrderAcrossStreams() {
        ModelReader reader = new ModelReader(notifier, true);
        Client client = new Client();
        Sequencing sequencing = new Sequencing(client, reader);
        for (String stream : List.of(ORDERS, ACCOUNT)) {
            sequencing.follow(stream, Sequencing.Start.HEAD);
        }
        reader.pending.remove(0).run();
        reader.pending.remove(0).run();
        Push accepted = notifier.publish(ORDERS);
        notifier.publish(ORDERS); // the fill's order update, lost
        Push account = notifier.publish(ACCOUNT);
        sequencing.offer(accepted, null);
        sequencing.offer(account, null);
        assertThat(client.received).containsExactly(accepted);
        reader.pending.remove(0).run(); // history of the orders stream
        assertThat(client.received).extracting(m -> ((Push) m).stream() + "#" + ((Push) m).seq())
                .containsExactly(ORDERS + "#1", ORDERS + "#2", ACCOUNT + "#1");
    }

    @Test
    @DisplayName("A resume replays what the client missed, answers recovered, and goes on live; an expired one resyncs after the answer")
    void resume() {
        notifier.retain = 3;
        for (int i = 0; i < 5; i++) {
            notifier.publish(ORDERS);
            notifier.publish(BOOK);
        }
        Client client = new Client();
        Sequencing sequencing = new Sequencing(client, new ModelReader(notifier, false));
        client.position.put(ORDERS, 3L);
        client.position.put(BOOK, 1L);
        Inbound.Subscribe request = new Inbound.Subscribe(List.of(), "resume", true,
                List.of(new StreamPosition(ORDERS, notifier.epoch, 3), new StreamPosition(BOOK, notifier.epoch, 1)));
        sequencing.resume(request, request.resume());
        assertThat(client.resumes).singleElement().satisfies(resumed -> assertThat(resumed.results()).containsExactly(
                new Outbound.Resumed.Result(ORDERS, true), new Outbound.Resumed.Result(BOOK, false)));
        int answer = client.received.indexOf(client.resumes.get(0));
        assertThat(client.received.subList(0, answer)).extracting(m -> ((Push) m).seq()).containsExactly(4L, 5L);
        assertThat(client.received.get(answer + 1)).isEqualTo(new Outbound.Resync(BOOK, notifier.epoch, 5));
        assertThat(client.problems).isEmpty();
    }

    @Test
    @DisplayName("A quiet stream whose partition moved learns the new epoch from its head, lost push and all, and resyncs")
    void aMoveSeenAtTheHead() {
        Client client = new Client();
        Sequencing sequencing = new Sequencing(client, new ModelReader(notifier, false));
        sequencing.follow(BOOK, Sequencing.Start.SNAPSHOT);
        sequencing.offer(notifier.publish(BOOK), null);
        sequencing.offer(notifier.publish(BOOK), null);
        notifier.move(BOOK);
        notifier.publish(BOOK); // the new owner's first push, lost on the bus
        sequencing.offer(notifier.head(BOOK));
        assertThat(client.resyncs).containsEntry(BOOK, 1);
        assertThat(client.received.get(client.received.size() - 2)).isEqualTo(new Outbound.Resync(BOOK, notifier.epoch(BOOK), 1));
        Push next = notifier.publish(BOOK);
        sequencing.offer(next, null);
        assertThat(client.received.get(client.received.size() - 1)).isEqualTo(next);
        assertThat(client.problems).isEmpty();
        assertThat(client.closed).isNull();
    }

    @Test
    @DisplayName("A user's streams move together: each resyncs at its first push of the new epoch, none waits for a sibling of the old one")
    void aUserMovesToAnotherNotifier() {
        Client client = new Client();
        Sequencing sequencing = new Sequencing(client, new ModelReader(notifier, false));
        for (String stream : List.of(ORDERS, ACCOUNT)) {
            sequencing.follow(stream, Sequencing.Start.SNAPSHOT);
        }
        for (int i = 0; i < 3; i++) {
            sequencing.offer(notifier.publish(ORDERS), null);
            sequencing.offer(notifier.publish(ACCOUNT), null);
        }
        long before = notifier.epoch(ORDERS);
        notifier.move(ORDERS);
        assertThat(notifier.epoch(ACCOUNT)).isNotEqualTo(before).isEqualTo(notifier.epoch(ORDERS));
        notifier.publish(ORDERS); // lost: the account push below names it in its clock
        Push account = notifier.publish(ACCOUNT);
        sequencing.offer(account, null);
        assertThat(client.resyncs).containsOnlyKeys(ACCOUNT);
        assertThat(client.epochs).containsEntry(ACCOUNT, notifier.epoch(ACCOUNT)).containsEntry(ORDERS, before);
        Push orders = notifier.publish(ORDERS);
        sequencing.offer(orders, null);
        assertThat(client.resyncs).containsEntry(ORDERS, 1).containsEntry(ACCOUNT, 1);
        assertThat(client.position).containsEntry(ORDERS, 2L).containsEntry(ACCOUNT, 1L);
        Push after = notifier.publish(ACCOUNT);
        sequencing.offer(after, null);
        assertThat(client.received.get(client.received.size() - 1)).isEqualTo(after);
        assertThat(client.problems).isEmpty();
        assertThat(client.closed).isNull();
    }

    // ---------------------------------------------------------------- properties

    static LongStream seeds() {
        return LongStream.range(0, 400);
    }

    /** Random publishing across a user's four streams and a market stream, random losses, answers in any order. */
    private void run(Random random, Sequencing sequencing, ModelReader reader, double loss, int steps) {
        for (int step = 0; step < steps; step++) {
            if (moves > 0 && random.nextDouble() < moves) {
                notifier.move(STREAMS.get(random.nextInt(STREAMS.size())));
                continue;
            }
            int choice = random.nextInt(10);
            if (choice < 6) {
                Push push = notifier.publish(STREAMS.get(random.nextInt(STREAMS.size())));
                if (random.nextDouble() >= loss) {
                    sequencing.offer(push, null);
                }
            } else if (choice < 9) {
                reader.releaseOne(random);
            } else {
                sequencing.offer(notifier.head(STREAMS.get(random.nextInt(STREAMS.size()))));
            }
        }
    }

    /** Everything answered and every head seen: the session must have caught up with every stream. */
    private void settle(Random random, Sequencing sequencing, ModelReader reader) {
        for (int round = 0; round < 50; round++) {
            while (reader.releaseOne(random)) {
                // answer everything, including what the answers ask
            }
            for (String stream : STREAMS) {
                if (notifier.last(stream) > 0) {
                    sequencing.offer(notifier.head(stream));
                }
            }
            if (reader.pending.isEmpty()) {
                return;
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("Property: with random losses and the whole history kept, every stream arrives whole, in order, once, and causally")
    void noGapNoDuplicateCausalOrder(long seed) {
        Random random = new Random(seed);
        ModelReader reader = new ModelReader(notifier, random.nextBoolean());
        Client client = new Client();
        Sequencing sequencing = new Sequencing(client, reader);
        for (String stream : STREAMS) {
            sequencing.follow(stream, random.nextBoolean() ? Sequencing.Start.SNAPSHOT : Sequencing.Start.HEAD);
        }
        run(random, sequencing, reader, new double[] {0, 0.05, 0.3, 0.7}[random.nextInt(4)], 1 + random.nextInt(300));
        settle(random, sequencing, reader);

        assertThat(client.closed).isNull();
        assertThat(client.problems).isEmpty();
        assertThat(client.resyncs).isEmpty();
        caughtUp(client, reader);
    }

    /** Every stream delivered up to its last message (a stream started live from a head: nothing after it, or up to the last). */
    private void caughtUp(Client client, ModelReader reader) {
        for (String stream : STREAMS) {
            long expected = notifier.last(stream);
            Long position = client.position.get(stream);
            if (position == null && reader.heads.containsKey(stream)) {
                assertThat(reader.heads.get(stream)).as("%s: nothing delivered after its head", stream).isEqualTo(expected);
            } else {
                assertThat(position == null ? 0L : position).as(stream).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("Property: with a short random history, a stream is healed or resynced, never delivered with a gap or twice")
    void shortHistoryNeverSilent(long seed) {
        Random random = new Random(seed);
        notifier.retain = 1 + random.nextInt(8);
        ModelReader reader = new ModelReader(notifier, random.nextBoolean());
        Client client = new Client();
        client.checkCausality = false; // a resynced stream jumps ahead of its siblings by design
        Sequencing sequencing = new Sequencing(client, reader);
        STREAMS.forEach(stream -> sequencing.follow(stream, Sequencing.Start.SNAPSHOT));
        run(random, sequencing, reader, random.nextDouble() * 0.5, 1 + random.nextInt(300));
        settle(random, sequencing, reader);

        assertThat(client.closed).isNull();
        assertThat(client.problems).isEmpty();
        caughtUp(client, reader);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("Property: streams that move between notifiers at random (new epochs) are resynced each time, never switched silently")
    void movesAreResyncs(long seed) {
        Random random = new Random(seed);
        moves = 0.01 + random.nextDouble() * 0.1;
        ModelReader reader = new ModelReader(notifier, random.nextBoolean());
        Client client = new Client();
        client.checkCausality = false; // a stream resyncing after a move does not hold its siblings back, by design
        Sequencing sequencing = new Sequencing(client, reader);
        for (String stream : STREAMS) {
            sequencing.follow(stream, random.nextBoolean() ? Sequencing.Start.SNAPSHOT : Sequencing.Start.HEAD);
        }
        run(random, sequencing, reader, new double[] {0, 0.05, 0.3}[random.nextInt(3)], 1 + random.nextInt(300));
        moves = 0;
        settle(random, sequencing, reader);

        assertThat(client.closed).isNull();
        assertThat(client.problems).isEmpty();
        for (String stream : STREAMS) {
            // A stream quiet since its last move has neither a push nor a head of its new epoch to notice it by.
            if (notifier.last(stream) > 0 && client.position.containsKey(stream)) {
                assertThat(client.position.get(stream)).as(stream).isEqualTo(notifier.last(stream));
                assertThat(client.epochs.get(stream)).as(stream).isEqualTo(notifier.epoch(stream));
            } else if (notifier.last(stream) > 0) {
                assertThat(reader.heads.get(stream)).as("%s: nothing delivered after its head", stream).isEqualTo(notifier.last(stream));
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("Property: a client that disconnects at a random point and resumes has every message once, or is told and resynced")
    void resumeAfterARandomDisconnect(long seed) {
        Random random = new Random(seed);
        boolean wholeHistory = random.nextBoolean();
        notifier.retain = wholeHistory ? Integer.MAX_VALUE : 1 + random.nextInt(20);
        ModelReader reader = new ModelReader(notifier, random.nextBoolean());
        Client client = new Client();
        client.checkCausality = wholeHistory;
        Sequencing first = new Sequencing(client, reader);
        STREAMS.forEach(stream -> first.follow(stream, Sequencing.Start.SNAPSHOT));
        run(random, first, reader, random.nextDouble() * 0.3, random.nextInt(200));

        // The connection drops: answers still on their way are lost with it, the notifier goes on.
        reader.pending.clear();
        for (int i = random.nextInt(30); i > 0; i--) {
            notifier.publish(STREAMS.get(random.nextInt(STREAMS.size())));
        }
        Map<String, Long> positions = new LinkedHashMap<>(client.position);
        List<StreamPosition> resume = new ArrayList<>();
        positions.forEach((stream, seq) -> resume.add(new StreamPosition(stream, client.epochs.getOrDefault(stream, notifier.epoch), seq)));
        Sequencing second = new Sequencing(client, reader);
        Inbound.Subscribe request = new Inbound.Subscribe(List.of(), "resume", true, resume);
        second.resume(request, resume);
        STREAMS.stream().filter(stream -> !positions.containsKey(stream))
                .forEach(stream -> second.follow(stream, Sequencing.Start.SNAPSHOT));
        run(random, second, reader, random.nextDouble() * 0.3, random.nextInt(200));
        settle(random, second, reader);

        assertThat(client.closed).isNull();
        assertThat(client.problems).isEmpty();
        if (!resume.isEmpty()) {
            assertThat(client.resumes).singleElement().satisfies(resumed -> {
                assertThat(resumed.results()).extracting(Outbound.Resumed.Result::stream).containsExactlyElementsOf(positions.keySet());
                for (Outbound.Resumed.Result result : resumed.results()) {
                    if (wholeHistory) {
                        assertThat(result.recovered()).as(result.stream()).isTrue();
                    }
                    if (!result.recovered()) {
                        assertThat(client.resyncs).containsKey(result.stream());
                    }
                }
            });
        }
        if (wholeHistory) {
            assertThat(client.resyncs).isEmpty();
        }
        caughtUp(client, reader);
    }
}
