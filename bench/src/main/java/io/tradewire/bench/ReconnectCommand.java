package io.tradewire.bench;

import io.tradewire.bench.harness.HarnessOptions;
import io.tradewire.bench.harness.ReconnectBench;
import io.tradewire.bench.measure.Proc;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tradewire bench reconnect}. */
@Command(name = "reconnect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Reconnect storm: N clients drop, miss messages, reconnect within one second and resume; "
                + "time to fully resumed (p50 / p99) and fallbacks to a snapshot.")
final class ReconnectCommand implements Callable<Integer> {
    @Option(names = "--clients", required = true, paramLabel = "N", description = "Clients, each its own user.")
    int clients;

    @Option(names = "--missed", paramLabel = "M", description = "Account changes each client misses while away (default: ${DEFAULT-VALUE}).")
    int missed = 20;

    @Mixin
    HarnessOptions harness;

    @Override
    public Integer call() throws Exception {
        harness.validate();
        ReconnectBench.Spec spec = ReconnectBench.Spec.of(clients, missed, Proc.openFilesLimit());
        JsonObject report = ReconnectBench.run(spec, harness);
        System.out.println(harness.json ? report.encode() : ReconnectBench.human(report));
        return 0;
    }
}
