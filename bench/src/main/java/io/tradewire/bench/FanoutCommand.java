package io.tradewire.bench;

import io.tradewire.bench.harness.FanoutBench;
import io.tradewire.bench.harness.HarnessOptions;
import io.tradewire.bench.measure.Proc;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tradewire bench fanout}. */
@Command(name = "fanout", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Market-data fan-out: N WebSocket clients subscribe to one ticker, the server publishes R events/s; "
                + "measures delivered messages/s, publish → receive latency and server CPU and RSS.",
            "With --peer, the same load runs against the Node peers of bench/peers in the same run, and the ratios are printed."})
final class FanoutCommand implements Callable<Integer> {
    @Option(names = "--clients", required = true, split = ",", paramLabel = "N",
            description = "Subscribed clients; a list runs each count in turn.")
    List<Integer> clients;

    @Option(names = "--rate", required = true, paramLabel = "R", description = "Market events per second published to the stream.")
    double rate;

    @Option(names = "--duration", paramLabel = "S", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    double duration = 10;

    /** As for 'bench orders': at 1,000 clients and 50 events/s, 2 s of warm-up left a p99 of 55–133 ms, 10 s 19 ms. */
    @Option(names = "--warmup", paramLabel = "S", description = "Seconds of publishing before measuring (default: ${DEFAULT-VALUE}).")
    double warmup = 10;

    @Option(names = "--payload", paramLabel = "BYTES",
            description = "Approximate frame size; sets the length of the instrument symbol every frame carries (default: ${DEFAULT-VALUE}).")
    int payload = 200;

    @Option(names = "--target", paramLabel = "URL",
            description = "Measure a node already running ('./tradewire bench serve'), e.g. ws://127.0.0.1:8080/ws, instead of starting one.")
    String target;

    @Option(names = "--peer", split = ",", paramLabel = "PEER",
            description = "Peers measured with the same load in the same run: ws, socketio, all or none (default: none).")
    List<String> peer = new ArrayList<>();

    @Mixin
    HarnessOptions harness;

    @Override
    public Integer call() throws Exception {
        harness.validate();
        FanoutBench.Spec spec = FanoutBench.Spec.of(clients, rate, duration, warmup, payload, target, peer, Proc.openFilesLimit());
        JsonObject report = FanoutBench.run(spec, harness);
        System.out.println(harness.json ? report.encode() : FanoutBench.human(report));
        return 0;
    }
}
