package io.tradewire.bench;

import io.tradewire.bench.lob.JournaledVenueRun;
import io.tradewire.bench.lob.LobBench;
import io.tradewire.bench.lob.LobMix;
import io.tradewire.bench.lob.LobParams;
import io.tradewire.bench.lob.LobStream;
import io.tradewire.bench.lob.TradewireBookEngine;
import io.tradewire.bench.lob.VenueEngine;
import io.tradewire.bench.lob.XcChild;
import io.tradewire.bench.lob.XcVenue;
import io.tradewire.bench.measure.Ratios;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
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

    @Option(names = "--runs", paramLabel = "N", description = "Throughput passes, each on a fresh book; one latency pass follows (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--engine", paramLabel = "tradewire|xc|both",
            description = "Tradewire's OrderBook (in this JVM), exchange-core's order book (in a child JVM with its --add-opens flags) "
                    + "or both, with the ratio (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--cancel-by", paramLabel = "client-order-id|order-id",
            description = "How the journaled client names the order of a cancel or move: by the client order id every order "
                    + "carries, sent without waiting (pipelined), or by the venue's order id, sent only once that order's "
                    + "acknowledgement arrived (default: ${DEFAULT-VALUE}).")
    String cancelBy = "client-order-id";

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    /**
     * Commands per CPU-second, ours over exchange-core's (its CPU ns per command over ours), when both reports have the
     * figure {@code median}: put as {@code ratioName} and printed unless --json.
     */
    private void cpuRatio(JsonObject report, String median, String ratioName, String whose) {
        Double ours = report.getJsonObject("tradewire").getDouble(median);
        Double theirs = report.getJsonObject("xc").getDouble(median);
        if (ours != null && theirs != null) {
            double ratio = Ratios.ratio(theirs, ours);
            report.put(ratioName, Ratios.rounded(ratio));
            if (!json) System.out.println("tradewire ÷ exchange-core commands per CPU-second (" + whose + "): " + Ratios.times(ratio));
        }
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1");
        LobStream stream = LobStream.generate(LobParams.of(LobMix.parse(mix)));
        if (!json) System.out.println(stream.describe());
        boolean venue = switch (level) {
            case "book" -> false;
            case "venue" -> true;
            default -> throw new IllegalArgumentException("--level must be book or venue");
        };
        if (journalDir != null && !venue) throw new IllegalArgumentException("--journal-dir needs --level venue");
        boolean byClientOrderId = switch (cancelBy) {
            case "client-order-id" -> true;
            case "order-id" -> false;
            default -> throw new IllegalArgumentException("--cancel-by must be client-order-id or order-id");
        };
        boolean ours = engine.equals("tradewire") || engine.equals("both");
        boolean theirs = engine.equals("xc") || engine.equals("both");
        if (!ours && !theirs) throw new IllegalArgumentException("--engine must be tradewire, xc or both");
        JsonObject report = new JsonObject().put("workload", stream.params().mix().label())
                .put("fingerprint", stream.summary().fingerprintHex()).put("expectedFills", stream.summary().fills())
                .put("level", level);
        if (ours) {
            JsonObject r = venue ? LobBench.run("tradewire venue", stream, runs, VenueEngine::new)
                    : LobBench.run("tradewire", stream, runs, TradewireBookEngine::new);
            report.put("tradewire", r);
            if (!json) System.out.println(LobBench.human(r));
        }
        if (theirs) {
            JsonObject r = venue ? XcChild.run(XcVenue.class, stream.params().mix(), runs) : XcChild.run(stream.params().mix(), runs);
            report.put("xc", r);
            if (!json) System.out.println(venue ? LobBench.humanThroughput(r) : LobBench.human(r));
        }
        if (ours && theirs) {
            double ratio = Ratios.ratio(report.getJsonObject("tradewire").getLong("opsPerSecondMedian"),
                    report.getJsonObject("xc").getLong("opsPerSecondMedian"));
            report.put("throughputRatio", Ratios.rounded(ratio));
            if (!json) System.out.println("tradewire ÷ exchange-core throughput: " + Ratios.times(ratio));
            cpuRatio(report, "cpuNsPerCommandMedian", "cpuRatio", "replaying thread");
            cpuRatio(report, "processCpuNsPerCommandMedian", "processCpuRatio", "whole process");
        }
        if (journalDir != null) {
            JsonObject r = JournaledVenueRun.run(stream, journalDir, true, window, rates, 5.0, byClientOrderId);
            report.put("journaled", r);
            if (!json) System.out.println(JournaledVenueRun.human(r));
        }
        if (json) System.out.println(report.encode());
        return 0;
    }
}
