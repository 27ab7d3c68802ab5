package io.tradewire.bench.harness;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A server under measurement: Tradewire (a bench node) or a peer. {@code protocol} is what the load
 * generator speaks to it ({@code exchange} or {@code socketio}); {@code pid} is -1 when it is not a local
 * process the harness can read in {@code /proc}; {@code journal} and {@code dataDir} (the node's
 * {@code matching.journal} settings and data directory) only for a node the harness started.
 */
public record Target(String name, String protocol, String ws, String control, long pid, String runtime, String symbol,
        JsonObject journal, Path dataDir, ChildProcess process, List<ChildProcess> gatewayNodes) implements AutoCloseable {

    public static final String TRADEWIRE = "tradewire";

    public Target(String name, String protocol, String ws, String control, long pid, String runtime, String symbol,
            JsonObject journal, Path dataDir, ChildProcess process) {
        this(name, protocol, ws, control, pid, runtime, symbol, journal, dataDir, process, List.of());
    }

    /**
     * Every server process of the target, to add up their CPU and memory: the node itself, and in a cluster run (a core
     * node and gateway nodes) the gateway nodes too. Empty when the target is not a local process.
     */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        if (pid > 0) {
            pids.add(pid);
        }
        gatewayNodes.forEach(node -> pids.add(node.pid()));
        return pids;
    }

    public JsonObject describe() {
        return new JsonObject().put("name", name).put("protocol", protocol).put("url", ws).put("runtime", runtime);
    }

    Target withDataDir(Path dir) {
        return new Target(name, protocol, ws, control, pid, runtime, symbol, journal, dir, process, gatewayNodes);
    }

    @Override
    public void close() {
        gatewayNodes.forEach(ChildProcess::close);
        if (process != null) {
            process.close();
        }
    }
}
