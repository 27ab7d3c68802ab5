package io.tradewire.matching.journal;

import io.tradewire.matching.engine.Venue;
import io.tradewire.matching.engine.VenueSettings;
import io.tradewire.matching.engine.VenueSnapshot;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.InstrumentKind;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.view.OrderView;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.helpers.NOPLogger;

/**
 * Measures group commit on this machine's disk: ack throughput and ack latency (command in → reply
 * released) of a {@link DurableVenue}, with the venue thread simulated by this thread (no Vert.x, no
 * network). Not a test: the figures go to docs/DURABILITY.md with the command that produced them.
 *
 * <pre>
 * mvn -B -q install -DskipTests -pl shared-model,matching-verticle
 * mvn -B -q -pl matching-verticle test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/measure.cp
 * java -Xms2g -Xmx2g -cp matching-verticle/target/test-classes:matching-verticle/target/classes:$(cat matching-verticle/target/measure.cp) \
 *     io.tradewire.matching.journal.GroupCommitMeasurement matching-verticle/target/measure 200000
 * </pre>
 *
 * Workload: 100 users, one stock, limit orders within ±10 ticks of 190.00 (so about half of them trade),
 * one in ten a cancel of an own resting order; funds never run out, so almost every command is journaled.
 * Closed loop: at most {@code window} commands unacknowledged. Open loop: commands are due at a fixed rate
 * and latency is measured from when a command was due (no coordinated omission).
 */
public final class GroupCommitMeasurement {
    private static final Instrument STOCK = new Instrument("AAPL", InstrumentKind.STOCK, "venue", new BigDecimal("0.01"),
            BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, "USD", new BigDecimal("190"), "US");

    private GroupCommitMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "target/measure");
        int commands = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        Files.createDirectories(root);
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, Java %s, data in %s (%s)%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                root.toAbsolutePath(), Files.getFileStore(root).type());
        System.out.println("load average at start: " + loadAverage());
        rawFsync(root);
        run(root, "warm-up (not reported)", commands / 2, true, true, 0, 20_000, false);
        run(root, "venue only, journal off", commands, false, false, 0, 20_000, true);
        run(root, "journal, fsync, closed loop (window 20000)", commands, true, true, 0, 20_000, true);
        run(root, "journal, fsync, closed loop (window 100)", commands / 4, true, true, 0, 100, true);
        run(root, "journal, fsync, closed loop (window 1)", 5_000, true, true, 0, 1, true);
        for (int rate : new int[] {1_000, 10_000, 50_000, 100_000}) {
            run(root, "journal, fsync, open loop " + rate + "/s", Math.min(commands, Math.max(5_000, rate * 3)), true, true, rate,
                    Integer.MAX_VALUE, true);
        }
        run(root, "journal, NO fsync (unsafe), closed loop (window 20000)", commands, true, false, 0, 20_000, true);
        System.out.println("load average at end: " + loadAverage());
    }

    /** Other processes on a shared machine skew every figure: say how busy it was. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** One 4 KiB write + fdatasync at a time, as FIELD-NOTES measured it. */
    private static void rawFsync(Path root) throws IOException {
        Path file = root.resolve("raw-fsync.bin");
        long[] nanos = new long[2_000];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer block = ByteBuffer.allocate(4096);
            for (int i = 0; i < nanos.length; i++) {
                block.clear();
                long start = System.nanoTime();
                channel.write(block);
                channel.force(false);
                nanos[i] = System.nanoTime() - start;
            }
        }
        Files.delete(file);
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "raw 4 KiB append + fdatasync, one at a time: p50 %s, p99 %s, max %s (%d samples)%n",
                micros(nanos, 0.50), micros(nanos, 0.99), micros(nanos, 1.0), nanos.length);
    }

    private static void run(Path root, String name, int count, boolean journal, boolean fsync, int rate, int window, boolean report)
            throws Exception {
        Path dir = Files.createTempDirectory(root, "venue-");
        AtomicLong forces = new AtomicLong();
        long[] fsyncNanos = new long[4 * count + 16];
        long[] forceStart = {0};
        JournalWriter.ChannelOpener opener = (Path file, OpenOption... options) -> new FaultyChannel(FileChannel.open(file, options),
                new FaultyChannel.Hook() {
                    @Override
                    public void beforeForce(FaultyChannel channel, boolean metaData) {
                        forceStart[0] = System.nanoTime();
                    }

                    @Override
                    public void afterForce(FaultyChannel channel) {
                        long n = forces.getAndIncrement();
                        if (n < fsyncNanos.length) {
                            fsyncNanos[(int) n] = System.nanoTime() - forceStart[0];
                        }
                    }
                });
        LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
        long[] due = new long[count];
        long[] latency = new long[count];
        int[] delivered = {0};
        List<String> resting = new ArrayList<>();
        DurableVenue.Output output = new DurableVenue.Output() {
            @Override
            public void deliver(Outcome outcome) {
                int index = (Integer) outcome.context();
                latency[index] = System.nanoTime() - due[index];
                delivered[0]++;
                if (outcome.reply() instanceof OrderView order && order.remaining().signum() > 0 && order.type() == OrderType.LIMIT) {
                    resting.add(order.orderId() + "/" + order.userId());
                }
            }

            @Override
            public void down(String reason) {
                throw new IllegalStateException("venue down: " + reason);
            }
        };
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        java.util.function.Supplier<Venue> fresh = () -> new Venue("measure", new InstrumentDirectory(List.of(STOCK)),
                new VenueSettings(true, new BigDecimal("1000000000000"), "USD", 10), clock::get);
        DurableVenue venue = journal
                ? DurableVenue.open(new DurableVenue.Settings(dir, fsync, JournalWriter.DEFAULT_SEGMENT_BYTES, opener, clock::get), fresh,
                        output, tasks::add, NOPLogger.NOP_LOGGER)
                : DurableVenue.inMemory(fresh.get(), output, NOPLogger.NOP_LOGGER);
        Random random = new Random(1);
        long forcesBefore = forces.get();
        long start = System.nanoTime();
        double interval = rate > 0 ? 1e9 / rate : 0;
        int sent = 0;
        while (delivered[0] < count) {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
            long now = System.nanoTime();
            int burst = 0;
            while (sent < count && burst < 1_000 && sent - delivered[0] < window
                    && (rate == 0 || start + (long) (sent * interval) <= now)) {
                due[sent] = rate == 0 ? System.nanoTime() : start + (long) (sent * interval);
                clock.incrementAndGet();
                venue.handle(nextCommand(random, resting), clock.get(), sent);
                sent++;
                burst++;
            }
            if (burst == 0) {
                // Like an event loop: sleep until a task arrives or the next command is due.
                long wait = sent < count && sent - delivered[0] < window && rate > 0
                        ? start + (long) (sent * interval) - System.nanoTime() : TimeUnit.MILLISECONDS.toNanos(100);
                Runnable next = wait > 0 ? tasks.poll(wait, TimeUnit.NANOSECONDS) : null;
                if (next != null) {
                    next.run();
                }
            }
        }
        long elapsed = System.nanoTime() - start;
        long fsyncs = forces.get() - forcesBefore;
        if (report) {
            Arrays.sort(latency);
            System.out.printf(Locale.ROOT, "%-55s %8d cmds  %9.0f acks/s  latency p50 %s p99 %s p99.9 %s max %s%s%n", name, count,
                    count / (elapsed / 1e9), micros(latency, 0.50), micros(latency, 0.99), micros(latency, 0.999), micros(latency, 1.0),
                    journal ? String.format(Locale.ROOT, "  fsyncs %d (%.1f records each)", fsyncs,
                            fsyncs == 0 ? 0.0 : (double) venue.writer().lastAssigned() / fsyncs) : "");
            if (fsyncs > 0) {
                long[] durations = Arrays.copyOfRange(fsyncNanos, (int) forcesBefore, (int) Math.min(forces.get(), fsyncNanos.length));
                Arrays.sort(durations);
                System.out.printf(Locale.ROOT, "  fdatasync durations in that run: p50 %s p99 %s max %s%n", micros(durations, 0.5),
                        micros(durations, 0.99), micros(durations, 1.0));
            }
        }
        if (journal && report && name.contains("window 20000") && fsync) {
            long captureStart = System.nanoTime();
            byte[] image = VenueSnapshot.encode(venue.venue());
            long capture = System.nanoTime() - captureStart;
            long writeStart = System.nanoTime();
            SnapshotFile.write(dir, venue.writer().lastAssigned(), 0, image);
            long write = System.nanoTime() - writeStart;
            System.out.printf(Locale.ROOT, "  snapshot of that state (%d commands): %d bytes, captured on the venue thread in %.1f ms, "
                    + "written + fsynced + renamed in %.1f ms%n", count, image.length, capture / 1e6, write / 1e6);
        }
        if (journal) {
            java.util.concurrent.CompletableFuture<Void> closed = venue.close();
            while (!closed.isDone()) {
                Runnable task = tasks.poll(100, TimeUnit.MILLISECONDS);
                if (task != null) {
                    task.run();
                }
            }
        }
        deleteTree(dir);
    }

    private static Command nextCommand(Random random, List<String> resting) {
        if (!resting.isEmpty() && random.nextInt(10) == 0) {
            String[] idAndUser = resting.remove(random.nextInt(resting.size())).split("/");
            return new CancelOrder(idAndUser[1], idAndUser[0]); // may already be filled: then rejected, no record
        }
        Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        BigDecimal price = BigDecimal.valueOf(19_000 + random.nextInt(21) - 10, 2);
        return new SubmitOrder("u" + random.nextInt(100), null, "AAPL", side, Offset.OPEN, OrderType.LIMIT, null, price,
                BigDecimal.valueOf(1 + random.nextInt(10)), OrderSource.API);
    }

    private static String micros(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1));
        return String.format(Locale.ROOT, "%.0f µs", sorted[index] / 1e3);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
