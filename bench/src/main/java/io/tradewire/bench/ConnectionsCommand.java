package io.tradewire.bench;

import io.tradewire.bench.harness.ConnectionsBench;
import io.tradewire.bench.harness.HarnessOptions;
import io.tradewire.bench.measure.Proc;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tradewire bench connections}. */
@Command(name = "connections", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Idle authenticated sessions on one node: how many it holds, with heap (after a full GC) and RSS per session.")
final class ConnectionsCommand implements Callable<Integer> {
    @Option(names = "--clients", required = true, paramLabel = "N", description = "Sessions to open, each its own user.")
    int clients;

    @Option(names = "--idle", paramLabel = "S", description = "Seconds the sessions stay idle before measuring (default: ${DEFAULT-VALUE}).")
    double idle = 12;

    @Option(names = "--peer", split = ",", paramLabel = "PEER",
            description = "Peers measured the same way in the same run: ws, socketio, all or none (default: none).")
    List<String> peer = new ArrayList<>();

    @Mixin
    HarnessOptions harness;

    @Override
    public Integer call() throws Exception {
        harness.validate();
        ConnectionsBench.Spec spec = ConnectionsBench.Spec.of(clients, idle, peer, Proc.openFilesLimit());
        JsonObject report = ConnectionsBench.run(spec, harness);
        System.out.println(harness.json ? report.encode() : ConnectionsBench.human(report));
        return 0;
    }
}
