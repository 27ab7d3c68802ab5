package io.tradewire.bench;

import io.tradewire.bench.server.BenchServer;
import picocli.CommandLine.Command;

/** {@code tradewire bench}: the benchmarks of docs/BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks: each starts the servers it measures and a separate load-generator JVM on this machine.",
            "See docs/BENCHMARKS.md for the method and the figures."},
        subcommands = {FanoutCommand.class, OrdersCommand.class, LobCommand.class, JmhCommand.class, ConnectionsCommand.class, ReconnectCommand.class,
            ReportCommand.class, BenchServer.class})
public final class BenchCommand {
}
