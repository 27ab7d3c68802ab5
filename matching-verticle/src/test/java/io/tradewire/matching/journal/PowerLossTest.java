package io.tradewire.matching.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.matching.engine.EventSink;
import io.tradewire.matching.engine.RandomCommands;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.RejectedException;
import io.tradewire.matching.engine.Venue;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.view.OrderView;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Power loss, emulated: at a random fsync the machine "loses power". The disk then holds what was
 * fsynced, plus any prefix of what was only written (the page cache may have flushed some of it), with
 * some of those unsynced bytes garbled (torn sectors). The fsync itself fails, so nothing of that batch
 * is acknowledged. Recovery must bring back every acknowledged command, and apply nothing damaged:
 * its state equals a clean replay of the records it kept.
 */
class PowerLossTest {
    /** Across all seeds: the emulation must have produced each kind of disk image, or the test proves little. */
    private static final java.util.concurrent.atomic.AtomicInteger UNSYNCED_KEPT = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger GARBLED = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger DAMAGE_SEEN = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger BEYOND_ACKNOWLEDGED = new java.util.concurrent.atomic.AtomicInteger();

    @org.junit.jupiter.api.AfterAll
    static void everyKindOfImageWasTried() {
        assertThat(UNSYNCED_KEPT.get()).as("images keeping unsynced bytes").isPositive();
        assertThat(GARBLED.get()).as("images with garbled unsynced bytes").isPositive();
        assertThat(DAMAGE_SEEN.get()).as("recoveries that found a damaged tail").isPositive();
        assertThat(BEYOND_ACKNOWLEDGED.get()).as("recoveries with records that were never acknowledged").isPositive();
    }
    static java.util.stream.LongStream seeds() {
        return java.util.stream.LongStream.rangeClosed(1, 40);
    }

    /** Cuts the current segment at the moment of the chosen data fsync. */
    private static final class PowerCut implements FaultyChannel.Hook {
        private final Random random;
        private final int crashAt;
        private final Map<FaultyChannel, Long> synced = new HashMap<>();
        private final Map<FaultyChannel, Path> files = new HashMap<>();
        private int forces;
        volatile Path crashedFile;
        volatile byte[] image;

        PowerCut(Random random, int crashAt) {
            this.random = random;
            this.crashAt = crashAt;
        }

        FileChannel open(Path file, java.nio.file.OpenOption... options) throws IOException {
            FaultyChannel channel = new FaultyChannel(FileChannel.open(file, options), this);
            files.put(channel, file);
            synced.put(channel, channel.size());
            return channel;
        }

        @Override
        public synchronized void beforeForce(FaultyChannel channel, boolean metaData) throws IOException {
            if (image != null) {
                throw new IOException("no power");
            }
            if (metaData || ++forces < crashAt) {
                return;
            }
            Path file = files.get(channel);
            // Records are appended at the channel's position; the file may be longer (zeros preallocated ahead of them).
            long size = channel.position();
            long durable = Math.min(synced.get(channel), size);
            byte[] bytes = Files.readAllBytes(file);
            int survived = (int) (durable + (size > durable ? random.nextInt((int) (size - durable) + 1) : 0));
            byte[] left;
            if (random.nextBoolean()) {
                left = java.util.Arrays.copyOf(bytes, survived); // the file's new length was lost too
            } else {
                left = bytes.clone(); // the preallocated zeros are on disk, the writes into them after survived are not
                java.util.Arrays.fill(left, survived, (int) size, (byte) 0);
            }
            if (survived > durable) {
                UNSYNCED_KEPT.incrementAndGet();
            }
            if (survived > durable && random.nextBoolean()) {
                GARBLED.incrementAndGet();
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    left[(int) durable + random.nextInt((int) (survived - durable))] ^= (byte) (1 + random.nextInt(255));
                }
            }
            crashedFile = file;
            image = left;
            throw new IOException("power lost during fsync");
        }

        @Override
        public synchronized void afterForce(FaultyChannel channel) throws IOException {
            synced.put(channel, channel.position());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("After a power loss at a random fsync, every acknowledged command is back and nothing damaged was applied")
    void everyAcknowledgedCommandSurvives(long seed) throws Exception {
        Random random = new Random(seed);
        PowerCut cut = new PowerCut(new Random(seed * 31), 1 + random.nextInt(60));
        Path dir = Harness.newDir("power-");
        RandomCommands commands = new RandomCommands(seed);
        Map<Object, Long> sequenceOf = new HashMap<>();
        long segmentBytes = random.nextBoolean() ? 4096 : JournalWriter.DEFAULT_SEGMENT_BYTES;
        Harness harness = new Harness(dir, true, segmentBytes, cut::open, 1_700_000_000_000L);
        CompletableFuture<Long> snapshot = null;
        for (int i = 0; i < 20_000 && harness.downReasons.isEmpty(); i++) {
            long sequence = harness.handle(commands.next(), commands.tick(), i);
            sequenceOf.put(i, sequence);
            if (random.nextInt(4) == 0) {
                harness.loop.runPending();
                harness.delivered.forEach(o -> commands.observe(o.reply()));
            }
            if (random.nextInt(300) == 0 && (snapshot == null || snapshot.isDone())) {
                snapshot = harness.venue.snapshot();
            }
            if (random.nextInt(50) == 0) {
                Thread.sleep(1); // let the writer catch up now and then: batches of every size
            }
        }
        harness.loop.runUntil(() -> !harness.downReasons.isEmpty());
        harness.loop.runPending();
        assertThat(harness.downReasons).singleElement().asString().contains("power lost");
        harness.venue.halt();
        Files.write(cut.crashedFile, cut.image); // what the disk holds after the power comes back

        long acknowledged = 0;
        Map<String, Long> acknowledgedOrders = new HashMap<>();
        for (Outcome outcome : harness.delivered) {
            long sequence = sequenceOf.get(outcome.context());
            if (!outcome.failed() && sequence > 0) {
                acknowledged = Math.max(acknowledged, sequence);
                if (outcome.reply() instanceof OrderView order) {
                    acknowledgedOrders.put(order.orderId() + "/" + order.userId(), sequence);
                }
            } else if (outcome.failed() && outcome.errorCode() == ErrorCode.UNAVAILABLE) {
                assertThat(outcome.events()).isEmpty();
            }
        }
        assertThat(acknowledged).as("commands acknowledged before the power loss").isPositive();

        try (Harness recovered = new Harness(dir, true, segmentBytes, java.nio.channels.FileChannel::open, 1_700_000_000_000L)) {
            long last = recovered.venue.recovered().lastSequence();
            if (recovered.venue.recovered().damage() != null) {
                DAMAGE_SEEN.incrementAndGet();
            }
            if (last > acknowledged) {
                BEYOND_ACKNOWLEDGED.incrementAndGet();
            }
            assertThat(last).as("recovered sequence vs last acknowledged").isGreaterThanOrEqualTo(acknowledged);
            assertThat(last).isLessThanOrEqualTo(harness.journaled.size());
            assertThat(recovered.venue.venue().stateHash()).as("recovered state vs clean replay of %d records", last)
                    .isEqualTo(Harness.reference(harness.journaled, last).stateHash());
            Venue reference = Harness.reference(harness.journaled, last);
            for (String key : acknowledgedOrders.keySet()) {
                String[] idAndUser = key.split("/");
                QueryOrder query = new QueryOrder(idAndUser[1], idAndUser[0]);
                try {
                    recovered.venue.venue().handle(query, 0, EventSink.DISCARD);
                } catch (RejectedException e) {
                    // Only an order the venue forgot under its finished-order retention may be missing, exactly as a
                    // venue that never lost power forgot it.
                    assertThat(e.code()).as("acknowledged order %s", key).isEqualTo(ErrorCode.ORDER_NOT_FOUND);
                    assertThatThrownBy(() -> reference.handle(query, 0, EventSink.DISCARD)).as("order %s in a clean replay", key)
                            .isInstanceOf(RejectedException.class);
                }
            }
            recovered.venue.halt();
        }
    }


}
