package io.tradewire.bench.harness;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every benchmark shares: output, the processes' JVM flags, where logs and peers are. */
public final class HarnessOptions {
    @Option(names = "--json", description = "Print one JSON object at the end instead of tables.")
    public boolean json;

    @Option(names = "--server-jvm-opts", paramLabel = "FLAGS", description = "JVM flags of the Tradewire server process (default: ${DEFAULT-VALUE}).")
    public String serverJvmOpts = "-Xmx2g";

    @Option(names = "--loadgen-jvm-opts", paramLabel = "FLAGS", description = "JVM flags of the load generator process (default: ${DEFAULT-VALUE}).")
    public String loadgenJvmOpts = "-Xmx2g";

    @Option(names = "--loadgen-threads", paramLabel = "N", description = "Event loops of the load generator (default: ${DEFAULT-VALUE}).")
    public int loadgenThreads = 2;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Configuration key of the Tradewire server, as for 'tradewire run' (repeatable).")
    public List<String> sets = new ArrayList<>();

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the processes' logs go (default: a new directory under the system temp directory).")
    public Path workDir;

    @Option(names = "--gateways", paramLabel = "N", description = "Measure Tradewire as a cluster on this machine: a core node "
            + "(venue, notifier, broker) and N gateway nodes, each its own JVM; clients are spread over the gateways in turn "
            + "(0, the default: one node running everything).")
    public int gateways;

    @Option(names = "--profile", paramLabel = "DIR", description = "Record the Tradewire server with JFR over each measured window "
            + "and write its CPU and allocation flame graphs (HTML) to DIR, e.g. docs/perf.")
    public Path profile;

    @Option(names = "--peers-dir", paramLabel = "DIR", description = "The peers' sources (default: bench/peers of the repository holding the jar).")
    public Path peersDir;

    public Path workDir() {
        if (workDir == null) {
            workDir = Path.of(System.getProperty("java.io.tmpdir"), "tradewire-bench",
                    LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        return workDir;
    }

    public void validate() {
        if (gateways < 0 || gateways > 8) {
            throw new IllegalArgumentException("--gateways must be between 0 and 8");
        }
        if (loadgenThreads < 1 || loadgenThreads > 64) {
            throw new IllegalArgumentException("--loadgen-threads must be between 1 and 64");
        }
        for (String set : sets) {
            if (set.indexOf('=') <= 0) {
                throw new IllegalArgumentException("--set expects KEY=VALUE, got '" + set + "'");
            }
        }
    }

    /** Splits a flags string ("-Xmx2g -XX:+UseG1GC") into arguments. */
    public static List<String> split(String flags) {
        List<String> result = new ArrayList<>();
        if (flags != null) {
            for (String flag : flags.trim().split("\\s+")) {
                if (!flag.isEmpty()) {
                    result.add(flag);
                }
            }
        }
        return result;
    }
}
