package io.tradewire.bench;

import io.tradewire.bench.harness.HarnessOptions;
import io.tradewire.bench.harness.OrdersBench;
import io.tradewire.bench.measure.Proc;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tradewire bench orders}. */
@Command(name = "orders", mixinStandardHelpOptions = true, sortOptions = false,
        description = "End-to-end order flow over WebSockets: pairs of users trade with each other; measures orders/s sustained, "
                + "submit → order_response (ack) and submit → trade push to both counterparties (notification).")
final class OrdersCommand implements Callable<Integer> {
    @Option(names = "--clients", required = true, paramLabel = "N", description = "Authenticated clients, an even number: N/2 pairs.")
    int clients;

    @Option(names = "--rate", required = true, paramLabel = "R", description = "Orders per second offered, in total.")
    double rate;

    @Option(names = "--duration", paramLabel = "S", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    double duration = 10;

    /** Long enough for the JIT: with 2 s the compiler still took about 40 % of a core in the measured window. */
    @Option(names = "--warmup", paramLabel = "S", description = "Seconds of trading before measuring (default: ${DEFAULT-VALUE}).")
    double warmup = 10;

    @Mixin
    HarnessOptions harness;

    @Override
    public Integer call() throws Exception {
        harness.validate();
        OrdersBench.Spec spec = OrdersBench.Spec.of(clients, rate, duration, warmup, Proc.openFilesLimit());
        JsonObject report = OrdersBench.run(spec, harness);
        System.out.println(harness.json ? report.encode() : OrdersBench.human(report));
        return 0;
    }
}
