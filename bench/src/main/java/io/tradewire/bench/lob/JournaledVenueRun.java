package io.tradewire.bench.lob;

import io.tradewire.bench.measure.ThreadPlacement;
import io.tradewire.matching.journal.DurableVenue;
import io.tradewire.matching.journal.Outcome;
import io.tradewire.model.command.Command;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;
import org.slf4j.helpers.NOPLogger;

/**
 * The stream through a journaled {@link DurableVenue} (group-committed, fsynced journal in a fresh directory),
 * with this thread playing the venue's event loop: commands are executed at once, their replies leave when the
 * journal reports them durable. Ack latency is command due → reply released. Closed loop: at most {@code window}
 * commands unacknowledged. Open loop: commands due at a fixed rate, latency measured from when each was due (no
 * coordinated omission). By default the client pipelines like a real one that names orders by its own client order
 * ids: every order carries one, and a cancel or move names its order by it, sent without waiting for that order's
 * acknowledgement. With cancels and moves by the venue's order id instead, a cancel or move waits for the
 * acknowledgement (the venue's order id) of the order it refers to ({@code waitsForAck} counts those waits).
 */
public final class JournaledVenueRun implements DurableVenue.Output {
    private final LobStream stream;
    private final VenueEngine.Commands commands;
    private final VenueEngine.Counter counter = new VenueEngine.Counter();
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final long[] due;
    private long clock = 1_700_000_000_000L;
    private int delivered;
    private Histogram latency;
    private String down;
    /** Times the client had to wait for the acknowledgement of the order its next command refers to (measured window). */
    private long stalls;
    /** Group commits of the measured window, reported on the journal's writer thread. */
    private final Histogram fsyncs = new Histogram(60_000_000_000L, 3);
    /** How often the venue thread's CPU is sampled during a measured pass. */
    private static final long PLACEMENT_SAMPLE_NANOS = 10_000_000L;
    private long syncedRecords;

    /**
     * Where and how the journal is kept.
     *
     * @param root           each pass's journal goes into a fresh directory under it
     * @param fsync          fsync each group commit
     * @param commitInterval the least time between the starts of two group commits (zero: none)
     * @param venueCpu       the CPUs the venue thread is pinned to during each measured pass (a list such as {@code 0}:
     *                       {@link ThreadPlacement#pinCurrentThread}), or null to leave it to the scheduler
     * @param writerCpu      the CPUs the journal's writer thread is pinned to, or null to leave it to the scheduler
     */
    public record Journal(Path root, boolean fsync, Duration commitInterval, String venueCpu, String writerCpu) {
        public Journal(Path root, boolean fsync, Duration commitInterval) {
            this(root, fsync, commitInterval, null, null);
        }
    }

    /** The start of the journal writer's thread name as the kernel keeps it (15 characters). */
    private static final String WRITER_THREAD = "tradewire-journ";

    private JournaledVenueRun(LobStream stream, boolean byClientOrderId) {
        this.stream = stream;
        this.commands = new VenueEngine.Commands(byClientOrderId);
        this.due = new long[stream.size()];
    }

    /**
     * {@code runs} times each, every time over a fresh venue in a fresh directory: prefill and warm-up at saturation,
     * then a closed-loop pass over the rest of the stream; then, per rate, an open-loop pass (over {@code seconds}
     * worth of commands after the warm-up). Each kind is reported by {@link #acrossPasses}.
     */
    public static JsonObject run(LobStream stream, Journal journal, int window, long[] rates, double seconds,
            boolean byClientOrderId, int runs) throws IOException, InterruptedException {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        Files.createDirectories(journal.root());
        JsonObject report = new JsonObject().put("engine", "tradewire venue, journaled").put("fsync", journal.fsync())
                .put("commitIntervalUs", journal.commitInterval().toNanos() / 1e3)
                .put("workload", stream.params().mix().label()).put("window", window)
                .put("cancelBy", byClientOrderId ? "client-order-id" : "order-id");
        int from = stream.prefill() + LobReplay.warmUp(stream);
        List<JsonObject> closed = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            JournaledVenueRun saturated = new JournaledVenueRun(stream, byClientOrderId);
            JsonObject pass = saturated.pass(journal, from, stream.size(), window, 0);
            if (saturated.counter.fills != stream.summary().fills()) {
                throw new IllegalStateException("the journaled venue reported " + saturated.counter.fills + " fills, the stream "
                        + "defines " + stream.summary().fills());
            }
            closed.add(pass.put("fills", saturated.counter.fills));
        }
        report.put("saturated", acrossPasses(closed));
        JsonArray open = new JsonArray();
        for (long rate : rates) {
            int end = (int) Math.min(stream.size(), from + rate * seconds);
            List<JsonObject> passes = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                passes.add(new JournaledVenueRun(stream, byClientOrderId).pass(journal, from, end, Integer.MAX_VALUE, rate));
            }
            open.add(acrossPasses(passes));
        }
        return report.put("openLoop", open);
    }

    /**
     * Passes of one kind as one report: the figures of the pass with the median acks/s, except that the venue thread's
     * CPU per command and each ack-latency percentile are the medians over the passes (the maximum: the largest), with
     * every pass's figure beside them in pass order ({@code acksPerSecondRuns}, {@code venueThreadCpuNsPerCommandRuns},
     * {@code ackLatencyUsRuns}) and the number of passes ({@code runs}).
     */
    static JsonObject acrossPasses(List<JsonObject> passes) {
        List<JsonObject> byAcks = new ArrayList<>(passes);
        byAcks.sort(Comparator.comparingLong(p -> p.getLong("acksPerSecond")));
        JsonObject report = byAcks.get(byAcks.size() / 2).copy();
        report.put("runs", passes.size())
                .put("acksPerSecondRuns", new JsonArray(passes.stream().map(p -> p.getLong("acksPerSecond")).toList()))
                .put("venueThreadCpuNsPerCommandRuns",
                        new JsonArray(passes.stream().map(p -> p.getLong("venueThreadCpuNsPerCommand")).toList()))
                .put("venueThreadCpuNsPerCommand", medianLong(passes, p -> p.getLong("venueThreadCpuNsPerCommand")))
                .put("venueThreadSystemNsPerCommandRuns",
                        new JsonArray(passes.stream().map(p -> p.getLong("venueThreadSystemNsPerCommand")).toList()))
                .put("venueThreadCpuShareRuns", new JsonArray(passes.stream().map(p -> p.getValue("venueThreadCpuShare")).toList()))
                .put("writerThreadCpuShareRuns", new JsonArray(passes.stream().map(p -> p.getValue("writerThreadCpuShare")).toList()))
                .put("deviceInterruptsPerCpuRuns", new JsonArray(passes.stream().map(p -> p.getValue("deviceInterruptsPerCpu")).toList()));
        JsonObject latency = new JsonObject();
        JsonObject latencyRuns = new JsonObject();
        for (String percentile : List.of("p50", "p99", "p99_9", "max")) {
            List<Double> values = passes.stream().map(p -> p.getJsonObject("ackLatencyUs").getDouble(percentile)).toList();
            latencyRuns.put(percentile, new JsonArray(values));
            List<Double> sorted = values.stream().sorted().toList();
            latency.put(percentile, percentile.equals("max") ? sorted.get(sorted.size() - 1) : sorted.get(sorted.size() / 2));
        }
        return report.put("ackLatencyUs", latency).put("ackLatencyUsRuns", latencyRuns);
    }

    /** Shares rounded to thousandths. */
    private static JsonArray shares(double[] share) {
        return new JsonArray(Arrays.stream(share).map(x -> Math.round(x * 1000) / 1000.0).boxed().toList());
    }

    private static long medianLong(List<JsonObject> passes, ToLongFunction<JsonObject> figure) {
        long[] values = passes.stream().mapToLong(figure).sorted().toArray();
        return values[values.length / 2];
    }

    public static String human(JsonObject r) {
        StringBuilder out = new StringBuilder();
        JsonObject saturated = r.getJsonObject("saturated");
        JsonObject commits = saturated.getJsonObject("groupCommits");
        double intervalUs = r.getDouble("commitIntervalUs", 0.0);
        out.append(String.format("tradewire venue, journaled (%s%s), %s, cancels and moves by %s: %,d acks/s saturated%s "
                        + "(window %,d), ack latency %s; "
                        + "fills %,d = expected%n  venue thread CPU %,d ns per command%s (in the kernel: %s)%s; the client waited %,d times for the ack "
                        + "of an order its next command refers to; %,d fsyncs of %,d records on average, fsync p50 %s µs, p99 %s µs",
                r.getBoolean("fsync", true) ? "fsync" : "no fsync",
                intervalUs > 0 ? String.format(", group commits at least %,.0f µs apart", intervalUs) : "",
                r.getString("workload"), r.getString("cancelBy"), saturated.getLong("acksPerSecond"), runs(saturated, "acksPerSecondRuns"),
                r.getInteger("window"), latency(saturated), saturated.getLong("fills"),
                saturated.getLong("venueThreadCpuNsPerCommand"), runs(saturated, "venueThreadCpuNsPerCommandRuns"),
                saturated.getJsonArray("venueThreadSystemNsPerCommandRuns").encode(),
                saturated.getLong("venueThreadAllocatedBytesPerCommand") == null ? ""
                        : String.format(", %,d bytes allocated per command", saturated.getLong("venueThreadAllocatedBytesPerCommand")),
                saturated.getLong("waitsForAck"), commits.getLong("count"),
                commits.getLong("recordsPerFsync"), commits.getJsonObject("fsyncUs").getDouble("p50"),
                commits.getJsonObject("fsyncUs").getDouble("p99")));
        out.append(placement(saturated));
        for (int i = 0; i < r.getJsonArray("openLoop").size(); i++) {
            JsonObject pass = r.getJsonArray("openLoop").getJsonObject(i);
            out.append(String.format("%n  offered %,d/s: achieved %,d acks/s%s, ack latency %s (n=%,d)", pass.getLong("offeredPerSecond"),
                    pass.getLong("acksPerSecond"), runs(pass, "acksPerSecondRuns"), latency(pass), pass.getInteger("commands")));
        }
        return out.toString();
    }

    /**
     * Where the venue thread ran in each pass ({@code [0.93,0.07]}: 93 % of the samples on CPU 0) and the device interrupts
     * each CPU took meanwhile; nothing where that could not be read.
     */
    private static String placement(JsonObject report) {
        JsonArray shares = report.getJsonArray("venueThreadCpuShareRuns");
        if (shares == null || shares.contains(null)) {
            return "";
        }
        String pinned = report.getString("venueCpu");
        String writerPinned = report.getString("writerCpu");
        JsonArray writer = report.getJsonArray("writerThreadCpuShareRuns");
        return String.format("%n  venue thread%s, share of samples per CPU by pass: %s; journal writer%s: %s; device interrupts per "
                        + "CPU by pass: %s",
                pinned == null ? "" : " pinned to CPU " + pinned, shares.encode(), writerPinned == null ? "" : " pinned to CPU " + writerPinned,
                writer == null ? "[]" : writer.encode(), report.getJsonArray("deviceInterruptsPerCpuRuns").encode());
    }

    /** {@code  (median of 5 passes: [a,b,..])} when the report summarises several passes, else nothing. */
    private static String runs(JsonObject report, String name) {
        JsonArray runs = report.getJsonArray(name);
        return runs == null || runs.size() < 2 ? "" : " (median of " + runs.size() + " passes: " + runs.encode() + ")";
    }

    /** The ack-latency percentiles; over several passes, each a median (max: the largest) with every pass's in brackets. */
    private static String latency(JsonObject report) {
        JsonObject us = report.getJsonObject("ackLatencyUs");
        JsonObject runs = report.getJsonObject("ackLatencyUsRuns");
        boolean several = runs != null && runs.getJsonArray("p50").size() > 1;
        StringBuilder out = new StringBuilder();
        for (String[] p : new String[][] {{"p50", "p50"}, {"p99", "p99"}, {"p99_9", "p99.9"}, {"max", "max"}}) {
            out.append(out.isEmpty() ? "" : ", ").append(p[1]).append(' ').append(us.getDouble(p[0])).append(" µs");
            if (several) {
                out.append(' ').append(runs.getJsonArray(p[0]).encode());
            }
        }
        return out.toString();
    }

    /**
     * Commands before {@code from} at saturation (not measured), then {@code from}..{@code end} measured. The earlier
     * passes' venues are collected first, so that a full collection of their state does not pause this one.
     */
    private JsonObject pass(Journal journal, int from, int end, int window, long rate) throws IOException, InterruptedException {
        System.gc();
        Path dir = Files.createTempDirectory(journal.root(), "venue-");
        DurableVenue venue;
        try {
            DurableVenue.Settings settings = DurableVenue.Settings.of(dir, journal.fsync()).withCommitInterval(journal.commitInterval());
            venue = DurableVenue.open(settings, () -> VenueEngine.newVenue(() -> clock), this, tasks::add, NOPLogger.NOP_LOGGER);
        } catch (io.tradewire.matching.codec.IncompatibleDataException e) {
            throw new IllegalStateException(e);
        }
        try {
            drive(venue, 0, from, 20_000, 0);
            latency = new Histogram(60_000_000_000L, 3);
            synchronized (fsyncs) {
                fsyncs.reset();
                syncedRecords = 0;
            }
            stalls = 0;
            // Pinning and sampling start before the measured window (taskset is a process of its own).
            String allowed = journal.venueCpu() == null ? null : ThreadPlacement.allowedCpus();
            if (allowed != null) {
                ThreadPlacement.pinCurrentThread(journal.venueCpu()); // after the journal's writer thread started
            }
            OptionalLong writerTid = ThreadPlacement.threadNamed(WRITER_THREAD);
            if (journal.writerCpu() != null) {
                ThreadPlacement.pin(writerTid.orElseThrow(() -> new IllegalStateException("no single journal writer thread to pin")),
                        journal.writerCpu());
            }
            Optional<ThreadPlacement> placement = ThreadPlacement.ofCurrentThread(PLACEMENT_SAMPLE_NANOS);
            Optional<ThreadPlacement> writerPlacement = writerTid.isEmpty() ? Optional.empty()
                    : ThreadPlacement.ofThread(writerTid.getAsLong(), PLACEMENT_SAMPLE_NANOS);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long userStart = threads.getCurrentThreadUserTime();
            long allocatedStart = JvmMeters.threadAllocated();
            long start = System.nanoTime();
            long recordsBefore = venue.writer().lastAssigned();
            try {
                drive(venue, from, end, window, rate);
            } finally {
                if (allowed != null) {
                    ThreadPlacement.pinCurrentThread(allowed); // the next pass's writer thread would inherit the pin
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            long user = threads.getCurrentThreadUserTime() - userStart;
            double allocated = JvmMeters.perCommand(allocatedStart, JvmMeters.threadAllocated(), end - from);
            ThreadPlacement.Placement where = placement.map(ThreadPlacement::stop).orElse(null);
            ThreadPlacement.Placement writerWhere = writerPlacement.map(ThreadPlacement::stop).orElse(null);
            long records = venue.writer().lastAssigned() - recordsBefore;
            JsonObject groupCommits;
            synchronized (fsyncs) {
                groupCommits = new JsonObject()
                        .put("count", fsyncs.getTotalCount())
                        .put("recordsPerFsync", fsyncs.getTotalCount() == 0 ? 0 : Math.round((double) syncedRecords / fsyncs.getTotalCount()))
                        .put("fsyncUs", new JsonObject()
                                .put("p50", micros(fsyncs.getValueAtPercentile(50)))
                                .put("p99", micros(fsyncs.getValueAtPercentile(99)))
                                .put("max", micros(fsyncs.getMaxValue())));
            }
            JsonObject result = new JsonObject()
                    .put("commands", end - from)
                    .put("offeredPerSecond", rate == 0 ? null : rate)
                    .put("acksPerSecond", Math.round((end - from) / seconds))
                    .put("journalRecords", records)
                    .put("venueThreadCpuNsPerCommand", Math.round((double) cpu / (end - from)))
                    .put("venueThreadSystemNsPerCommand", Math.round((double) (cpu - user) / (end - from)))
                    .put("venueThreadAllocatedBytesPerCommand", Double.isNaN(allocated) ? null : Math.round(allocated))
                    .put("waitsForAck", stalls)
                    .put("groupCommits", groupCommits)
                    .put("venueCpu", journal.venueCpu())
                    .put("venueThreadCpuShare", where == null ? null : shares(where.cpuShare()))
                    .put("writerCpu", journal.writerCpu())
                    .put("writerThreadCpuShare", writerWhere == null ? null : shares(writerWhere.cpuShare()))
                    .put("deviceInterruptsPerCpu", where == null ? null : new JsonArray(Arrays.stream(where.interruptsPerCpu()).boxed().toList()))
                    .put("ackLatencyUs", new JsonObject()
                            .put("p50", micros(latency.getValueAtPercentile(50)))
                            .put("p99", micros(latency.getValueAtPercentile(99)))
                            .put("p99_9", micros(latency.getValueAtPercentile(99.9)))
                            .put("max", micros(latency.getMaxValue())));
            latency = null;
            return result;
        } finally {
            CompletableFuture<Void> closed = venue.close();
            while (!closed.isDone()) {
                runTasks(100);
            }
            deleteTree(dir);
        }
    }

    private void drive(DurableVenue venue, int from, int end, int window, long rate) throws InterruptedException {
        long start = System.nanoTime();
        double interval = rate > 0 ? 1e9 / rate : 0;
        int sent = from;
        int stalledAt = -1;
        delivered = from;
        while (delivered < end) {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
            if (down != null) {
                throw new IllegalStateException("venue down: " + down);
            }
            long now = System.nanoTime();
            int burst = 0;
            while (sent < end && burst < 1_000 && sent - delivered < window
                    && (rate == 0 || start + (long) ((sent - from) * interval) <= now)) {
                Command command = commands.ready(stream, sent);
                if (command == null) {
                    if (sent != stalledAt) {
                        stalls++;
                        stalledAt = sent;
                    }
                    break; // it refers to an order whose acknowledgement has not arrived yet
                }
                due[sent] = rate == 0 ? System.nanoTime() : start + (long) ((sent - from) * interval);
                venue.handle(command, ++clock, sent);
                sent++;
                burst++;
            }
            if (burst == 0) {
                long wait = rate > 0 && sent < end ? start + (long) ((sent - from) * interval) - System.nanoTime() : 100_000_000L;
                runTasks(Math.max(1, wait / 1_000_000));
            }
        }
    }

    private void runTasks(long millis) throws InterruptedException {
        Runnable next = tasks.poll(millis, TimeUnit.MILLISECONDS);
        if (next != null) {
            next.run();
        }
    }

    @Override
    public void deliver(Outcome outcome) {
        if (!(outcome.context() instanceof Integer index)) {
            return; // events without a command
        }
        if (outcome.failed()) {
            throw new IllegalStateException("command " + index + " (" + stream.command(index) + ") was refused: "
                    + outcome.errorCode() + " " + outcome.errorMessage());
        }
        commands.accepted(stream, index, outcome.reply());
        outcome.events().forEach(counter::publish);
        if (latency != null) {
            latency.recordValue(Math.max(0, System.nanoTime() - due[index]));
        }
        delivered++;
    }

    @Override
    public void synced(int records, long fsyncNanos) {
        synchronized (fsyncs) {
            fsyncs.recordValue(Math.max(0, fsyncNanos));
            syncedRecords += records;
        }
    }

    @Override
    public void down(String reason) {
        down = reason;
    }

    private static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
