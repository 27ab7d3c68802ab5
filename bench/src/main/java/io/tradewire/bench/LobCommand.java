package io.tradewire.bench;

import io.tradewire.bench.lob.LobBench;
import io.tradewire.bench.lob.LobMix;
import io.tradewire.bench.lob.LobParams;
import io.tradewire.bench.lob.LobStream;
import io.tradewire.bench.lob.TradewireBookEngine;
import io.tradewire.bench.lob.XcChild;
import io.tradewire.bench.measure.Ratios;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tradewire bench lob}. */
@Command(name = "lob", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Venue order book alone, one thread: replays a generated LOB stream (seed 42, 5 M commands after a "
                + "1,000-order prefill) through Tradewire's OrderBook; checks the fill count, reports ops/s over commands 2–5 M "
                + "and the per-command service time.")
final class LobCommand implements Callable<Integer> {
    @Option(names = "--mix", paramLabel = "xc|pci", description = "LOB-XC (exchange-core's mix) or LOB-PCI (default: ${DEFAULT-VALUE}).")
    String mix = "xc";

    @Option(names = "--runs", paramLabel = "N", description = "Throughput passes, each on a fresh book; one latency pass follows (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--engine", paramLabel = "tradewire|xc|both",
            description = "Tradewire's OrderBook (in this JVM), exchange-core's order book (in a child JVM with its --add-opens flags) "
                    + "or both, with the ratio (default: ${DEFAULT-VALUE}).")
    String engine = "tradewire";

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1");
        LobStream stream = LobStream.generate(LobParams.of(LobMix.parse(mix)));
        if (!json) System.out.println(stream.describe());
        boolean ours = engine.equals("tradewire") || engine.equals("both");
        boolean theirs = engine.equals("xc") || engine.equals("both");
        if (!ours && !theirs) throw new IllegalArgumentException("--engine must be tradewire, xc or both");
        JsonObject report = new JsonObject().put("workload", stream.params().mix().label())
                .put("fingerprint", stream.summary().fingerprintHex()).put("expectedFills", stream.summary().fills());
        if (ours) {
            JsonObject r = LobBench.run("tradewire", stream, runs, TradewireBookEngine::new);
            report.put("tradewire", r);
            if (!json) System.out.println(LobBench.human(r));
        }
        if (theirs) {
            JsonObject r = XcChild.run(stream.params().mix(), runs);
            report.put("xc", r);
            if (!json) System.out.println(LobBench.human(r));
        }
        if (ours && theirs) {
            double ratio = Ratios.ratio(report.getJsonObject("tradewire").getLong("opsPerSecondMedian"),
                    report.getJsonObject("xc").getLong("opsPerSecondMedian"));
            report.put("throughputRatio", Ratios.rounded(ratio));
            if (!json) System.out.println("tradewire ÷ exchange-core throughput: " + Ratios.times(ratio));
        }
        if (json) System.out.println(report.encode());
        return 0;
    }
}
