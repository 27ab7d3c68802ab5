package io.tradewire.bench;

import io.tradewire.bench.lob.JournaledVenueRun;
import io.tradewire.bench.lob.LobBench;
import io.tradewire.bench.lob.LobMix;
import io.tradewire.bench.lob.LobParams;
import io.tradewire.bench.lob.LobReplay;
import io.tradewire.bench.lob.LobStream;
import io.tradewire.bench.lob.LobTable;
import io.tradewire.bench.lob.TradewireBookEngine;
import io.tradewire.bench.lob.VenueEngine;
import io.tradewire.bench.lob.XcBookMain;
import io.tradewire.bench.lob.XcChild;
import io.tradewire.bench.lob.XcVenue;
import io.tradewire.bench.measure.Machine;
import io.tradewire.bench.measure.Ratios;
import io.tradewire.matching.MatchingConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tradewire bench lob}. */
@Command(name = "lob", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Replays a generated LOB stream (seed 42, 5 M commands after a 1,000-order prefill) through the venue's "
                + "order book alone (--level book) or its whole in-process order path (--level venue: risk checks, matching, "
                + "events; with --journal-dir also group-committed and fsynced); checks the fill count, reports ops/s over "
                + "commands 2–5 M and the per-command service time, beside exchange-core on the same stream.")
final class LobCommand implements Callable<Integer> {
    @Option(names = "--mix", paramLabel = "xc|pci", description = "LOB-XC (exchange-core's mix) or LOB-PCI (default: ${DEFAULT-VALUE}).")
    String mix = "xc";

    @Option(names = "--runs", paramLabel = "N", description = "Throughput passes, each on a fresh book; one latency pass follows. With --journal-dir also the "
            + "journaled passes of each kind, each on a fresh venue and journal (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--engine", paramLabel = "tradewire|xc|both",
            description = "Tradewire's OrderBook (in this JVM), exchange-core's order book (in a child JVM with its --add-opens flags) "
                    + "or both, taking turns pass by pass (one of ours, then one of theirs), with the ratio of each pair "
                    + "(default: ${DEFAULT-VALUE}).")
    String engine = "tradewire";

    @Option(names = "--level", paramLabel = "book|venue",
            description = "book: the order book alone, one thread (exchange-core: its order book). venue: Tradewire's Venue "
                    + "(risk, matching, every event) on one thread (exchange-core: its full engine, risk + matching pipeline) "
                    + "(default: ${DEFAULT-VALUE}).")
    String level = "book";

    @Option(names = "--journal-dir", paramLabel = "DIR",
            description = "With --level venue: also run Tradewire's venue journaled (fsynced group commit) in fresh directories "
                    + "under DIR (put it on the disk to measure): saturated throughput and the ack latency at --rates.")
    java.nio.file.Path journalDir;

    @Option(names = "--rates", paramLabel = "N,N", split = ",",
            description = "Offered command rates of the journaled open-loop passes (default: ${DEFAULT-VALUE}).")
    long[] rates = {100_000, 500_000};

    @Option(names = "--window", paramLabel = "N",
            description = "Unacknowledged commands at most in the journaled saturated pass (default: ${DEFAULT-VALUE}).")
    int window = 20_000;

    @Option(names = "--commit-interval-us", paramLabel = "MICROS",
            description = "The journaled venue's least time between the starts of two group commits, as "
                    + "matching.journal.commit-interval (default: ${DEFAULT-VALUE}: commit as soon as the last fsync returned).")
    long commitIntervalMicros;

    @Option(names = "--venue-cpu", paramLabel = "CPUS",
            description = "Pin the journaled venue's thread to these CPUs (a list such as 0 or 0-1, as taskset takes it) during "
                    + "each measured pass; its journal writer stays free. Linux only. Default: the scheduler places it (each "
                    + "pass reports where it ran).")
    String venueCpu;

    @Option(names = "--writer-cpu", paramLabel = "CPUS",
            description = "Pin the journaled venue's journal writer thread to these CPUs during each pass (as --venue-cpu). "
                    + "Default: the scheduler places it.")
    String writerCpu;

    @Option(names = "--cancel-by", paramLabel = "client-order-id|order-id",
            description = "How the journaled client names the order of a cancel or move: by the client order id every order "
                    + "carries, sent without waiting (pipelined), or by the venue's order id, sent only once that order's "
                    + "acknowledgement arrived (default: ${DEFAULT-VALUE}).")
    String cancelBy = "client-order-id";

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--table",
            description = "The whole side-by-side table in one go, each engine --runs passes taking turns: the book on LOB-XC and "
                    + "LOB-PCI, the venue on LOB-XC beside exchange-core's full engine, then with --journal-dir the journaled "
                    + "venue; prints it as Markdown with the machine and both JVMs' flags (--mix, --level and --engine are not "
                    + "used).")
    boolean table;

    /**
     * The ratio of ours to exchange-core's pass by pass ({@code <name>} per pass, as in both reports): round {@code r}
     * pairs our pass {@code r} with theirs, run right after it. Put as {@code ratioName} (the median of the pairs) and
     * {@code ratioName + "Runs"}, and printed unless --json; nothing when either report lacks the figure. With
     * {@code perCpu} the figure is CPU time per command, so the ratio is theirs over ours (commands per CPU-second).
     */
    private void pairedRatio(JsonObject report, String name, boolean perCpu, String ratioName, String what) {
        JsonArray ours = report.getJsonObject("tradewire").getJsonArray(name);
        JsonArray theirs = report.getJsonObject("xc").getJsonArray(name);
        if (ours == null || theirs == null || ours.size() != theirs.size() || ours.contains(null) || theirs.contains(null)) {
            return;
        }
        double[] a = new double[ours.size()];
        double[] b = new double[theirs.size()];
        for (int r = 0; r < a.length; r++) {
            a[r] = ours.getDouble(r);
            b[r] = theirs.getDouble(r);
        }
        double[] ratios = perCpu ? Ratios.pairwise(b, a) : Ratios.pairwise(a, b);
        JsonArray rounded = new JsonArray();
        for (double ratio : ratios) {
            rounded.add(Ratios.rounded(ratio));
        }
        double median = Ratios.median(ratios);
        report.put(ratioName, Ratios.rounded(median)).put(ratioName + "Runs", rounded);
        if (!json) {
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            System.out.println("tradewire ÷ exchange-core " + what + ", pass by pass: "
                    + Arrays.stream(ratios).mapToObj(Ratios::times).collect(Collectors.joining(", "))
                    + "; median " + Ratios.times(median) + " (" + Ratios.times(sorted[0]) + "–" + Ratios.times(sorted[sorted.length - 1]) + ")");
        }
    }

    /** Our passes and exchange-core's, taking turns: ours, then theirs, pass by pass. Puts both reports. */
    private void sideBySide(JsonObject report, LobStream stream, boolean venue) throws Exception {
        try (XcChild.Paced xc = XcChild.Paced.start(venue ? XcVenue.class : XcBookMain.class, stream.params(), runs)) {
            LobBench.Turns turns = new LobBench.Turns() {
                @Override
                public void after(int pass, LobReplay.Pass result) {
                    if (pass < xc.passes()) {
                        try {
                            xc.pass();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }
            };
            JsonObject r = venue ? LobBench.run("tradewire venue", stream, runs, VenueEngine::new, turns)
                    : LobBench.run("tradewire", stream, runs, TradewireBookEngine::new, turns);
            JsonObject x = xc.report();
            report.put("tradewire", r).put("xc", x).put("turns", "alternating passes: tradewire, then exchange-core");
            if (!json) {
                System.out.println(LobBench.human(r));
                System.out.println(venue ? LobBench.humanThroughput(x) : LobBench.human(x));
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1");
        long maxIntervalMicros = MatchingConfig.MAX_JOURNAL_COMMIT_INTERVAL.toNanos() / 1_000;
        if (commitIntervalMicros < 0 || commitIntervalMicros > maxIntervalMicros) {
            throw new IllegalArgumentException("--commit-interval-us must be 0 to " + maxIntervalMicros
                    + " (as matching.journal.commit-interval)");
        }
        for (String[] cpus : new String[][] {{"--venue-cpu", venueCpu}, {"--writer-cpu", writerCpu}}) {
            if (cpus[1] != null && !cpus[1].matches("[0-9]+([-,][0-9]+)*")) {
                throw new IllegalArgumentException(cpus[0] + " must be a CPU list such as 0, 1 or 0-1, got '" + cpus[1] + "'");
            }
        }
        boolean byClientOrderId = switch (cancelBy) {
            case "client-order-id" -> true;
            case "order-id" -> false;
            default -> throw new IllegalArgumentException("--cancel-by must be client-order-id or order-id");
        };
        if (table) {
            return table(byClientOrderId);
        }
        LobStream stream = LobStream.generate(LobParams.of(LobMix.parse(mix)));
        if (!json) System.out.println(stream.describe());
        boolean venue = switch (level) {
            case "book" -> false;
            case "venue" -> true;
            default -> throw new IllegalArgumentException("--level must be book or venue");
        };
        if (journalDir != null && !venue) throw new IllegalArgumentException("--journal-dir needs --level venue");
        boolean ours = engine.equals("tradewire") || engine.equals("both");
        boolean theirs = engine.equals("xc") || engine.equals("both");
        if (!ours && !theirs) throw new IllegalArgumentException("--engine must be tradewire, xc or both");
        JsonObject report;
        if (ours && theirs) {
            report = compare(stream, venue);
        } else if (ours) {
            report = header(stream, venue);
            JsonObject r = venue ? LobBench.run("tradewire venue", stream, runs, VenueEngine::new)
                    : LobBench.run("tradewire", stream, runs, TradewireBookEngine::new);
            report.put("tradewire", r);
            if (!json) System.out.println(LobBench.human(r));
        } else {
            report = header(stream, venue);
            JsonObject r = venue ? XcChild.run(XcVenue.class, stream.params().mix(), runs) : XcChild.run(stream.params().mix(), runs);
            report.put("xc", r);
            if (!json) System.out.println(venue ? LobBench.humanThroughput(r) : LobBench.human(r));
        }
        if (journalDir != null) {
            report.put("journaled", journaled(stream, byClientOrderId));
        }
        if (json) System.out.println(report.encode());
        return 0;
    }

    /** --table: the book on both streams, the venue on LOB-XC, each beside exchange-core; then journaled; then the table. */
    private int table(boolean byClientOrderId) throws Exception {
        Machine machine = Machine.current(); // its load average: before the runs
        List<JsonObject> rows = new ArrayList<>();
        LobStream xc = LobStream.generate(LobParams.of(LobMix.XC));
        rows.add(compare(xc, false));
        rows.add(compare(LobStream.generate(LobParams.of(LobMix.PCI)), false));
        rows.add(compare(xc, true));
        JsonObject journaled = journalDir == null ? null : journaled(xc, byClientOrderId);
        String markdown = LobTable.markdown(rows, journaled, machine,
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()), String.join(" ", XcChild.jvmFlags()));
        if (json) {
            System.out.println(new JsonObject().put("sideBySide", new JsonArray(rows)).put("journaled", journaled)
                    .put("table", markdown).encode());
        } else {
            System.out.println();
            System.out.print(markdown);
        }
        return 0;
    }

    private JsonObject header(LobStream stream, boolean venue) {
        return new JsonObject().put("workload", stream.params().mix().label())
                .put("fingerprint", stream.summary().fingerprintHex()).put("expectedFills", stream.summary().fills())
                .put("level", venue ? "venue" : "book");
    }

    /** Ours and exchange-core's, taking turns, with the ratios of the pairs. */
    private JsonObject compare(LobStream stream, boolean venue) throws Exception {
        JsonObject report = header(stream, venue);
        sideBySide(report, stream, venue);
        pairedRatio(report, "opsPerSecondRuns", false, "throughputRatio", "throughput");
        pairedRatio(report, "cpuNsPerCommandRuns", true, "cpuRatio", "commands per CPU-second (replaying thread)");
        pairedRatio(report, "processCpuNsPerCommandRuns", true, "processCpuRatio", "commands per CPU-second (whole process)");
        return report;
    }

    private JsonObject journaled(LobStream stream, boolean byClientOrderId) throws Exception {
        JsonObject r = JournaledVenueRun.run(stream, new JournaledVenueRun.Journal(journalDir, true, Duration.ofNanos(commitIntervalMicros * 1_000), venueCpu,
                writerCpu),
                window, rates, 5.0, byClientOrderId, runs);
        if (!json) System.out.println(JournaledVenueRun.human(r));
        return r;
    }
}
