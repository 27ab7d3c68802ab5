package io.tradewire.bench;

import io.tradewire.bench.harness.Format;
import io.tradewire.bench.lob.LobJmh;
import io.tradewire.bench.lob.XcChild;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tradewire bench jmh}. */
@Command(name = "jmh", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The LOB replay of 'bench lob' under JMH: each invocation one measured pass (commands 2–5 M of the "
                + "reference stream, the first 2 M replayed untimed before it), each fork a fresh JVM with exchange-core's "
                + "flags and heap; prints the time per command with its 99.9 %% confidence interval per engine and mix.")
final class JmhCommand implements Callable<Integer> {
    @Option(names = "--engines", paramLabel = "E,E", split = ",",
            description = "tradewire-book, xc-book (exchange-core's order book), tradewire-venue (default: ${DEFAULT-VALUE}).")
    String[] engines = {"tradewire-book", "xc-book", "tradewire-venue"};

    @Option(names = "--mix", paramLabel = "xc|pci", split = ",", description = "Streams (default: ${DEFAULT-VALUE}).")
    String[] mixes = {"xc"};

    @Option(names = "--forks", paramLabel = "N", description = "Fresh JVMs per engine and stream (default: ${DEFAULT-VALUE}).")
    int forks = 2;

    @Option(names = "--warmups", paramLabel = "N", description = "Unmeasured passes per fork (default: ${DEFAULT-VALUE}).")
    int warmups = 2;

    @Option(names = "--iterations", paramLabel = "N", description = "Measured passes per fork (default: ${DEFAULT-VALUE}).")
    int iterations = 5;

    @Option(names = "--json", description = "Print the results as JSON (JMH's progress is not printed).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (forks < 1 || warmups < 0 || iterations < 1) {
            throw new IllegalArgumentException("--forks and --iterations must be at least 1, --warmups at least 0");
        }
        Options options = new OptionsBuilder()
                .include(LobJmh.class.getName() + ".pass")
                .param("engine", engines)
                .param("mix", mixes)
                .forks(forks)
                .warmupIterations(warmups)
                .measurementIterations(iterations)
                .jvmArgs(XcChild.jvmFlags().toArray(String[]::new))
                .shouldFailOnError(true)
                .verbosity(json ? VerboseMode.SILENT : VerboseMode.NORMAL)
                .build();
        JsonArray results = results(new Runner(options).run());
        if (json) {
            System.out.println(new JsonObject().put("measuredCommands", LobJmh.MEASURED).put("results", results).encode());
        } else {
            for (Object r : results) {
                System.out.println(human((JsonObject) r));
            }
        }
        return 0;
    }

    /** One entry per engine and stream: ns per command (JMH's score and its 99.9 % error), range and passes. */
    static JsonArray results(Collection<RunResult> runs) {
        JsonArray out = new JsonArray();
        for (RunResult run : runs) {
            Result<?> primary = run.getPrimaryResult();
            out.add(new JsonObject()
                    .put("engine", run.getParams().getParam("engine"))
                    .put("mix", run.getParams().getParam("mix"))
                    .put("nsPerCommand", primary.getScore())
                    .put("nsPerCommandError", Format.json(primary.getScoreError())) // JMH gives no error for a single pass (NaN): null
                    .put("nsPerCommandMin", primary.getStatistics().getMin())
                    .put("nsPerCommandMax", primary.getStatistics().getMax())
                    .put("passes", primary.getStatistics().getN()));
        }
        return out;
    }

    static String human(JsonObject r) {
        double ns = r.getDouble("nsPerCommand");
        Double error = r.getDouble("nsPerCommandError");
        return String.format(Locale.ROOT, "%-15s %-3s %8.1f %s ns per command (passes %.1f–%.1f, n=%d): %,.0f commands/s",
                r.getString("engine"), r.getString("mix"), ns,
                error == null ? "(one pass: no interval)" : String.format(Locale.ROOT, "± %.1f (99.9 %% CI)", error),
                r.getDouble("nsPerCommandMin"), r.getDouble("nsPerCommandMax"), r.getLong("passes"), 1e9 / ns);
    }
}
