package io.tradewire.bench.harness;

import io.tradewire.bench.measure.LatencySummary;
import io.tradewire.bench.measure.Machine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench reconnect}: a reconnect storm. N clients, each its own user on the exchange dialect, follow their
 * account stream; all drop at once, each misses {@code --missed} account changes, then all reconnect within one
 * second, each sending {@code auth} and {@code resume} with the position it reached. Measured per client: the time
 * from its reconnect to {@code resume_response} (the missed pushes arrive before it), how many streams fell back to a
 * snapshot (not recovered), and any push out of order (must be 0).
 */
public final class ReconnectBench {

    /** The validated parameters of a reconnect storm. */
    public record Spec(int clients, int missed) {
        public static Spec of(int clients, int missed, long openFilesLimit) {
            FanoutBench.checkClients(clients, openFilesLimit);
            if (missed < 1 || missed > 10_000) {
                throw new IllegalArgumentException("--missed must be between 1 and 10000");
            }
            return new Spec(clients, missed);
        }
    }

    private ReconnectBench() {
    }

    public static JsonObject run(Spec spec, HarnessOptions options) throws IOException, InterruptedException {
        Machine machine = Machine.current();
        Targets targets = new Targets(options);
        Progress progress = new Progress();
        JsonArray runs = new JsonArray();
        try (Target target = targets.tradewire("FANOUT", 0)) {
            String label = "[" + target.name() + ", " + spec.clients() + " clients] ";
            List<String> args = List.of("--clients", Integer.toString(spec.clients()), "--missed", Integer.toString(spec.missed()));
            Duration timeout = Duration.ofSeconds(300 + spec.clients() / 20);
            LoadRun.Outcome outcome = LoadRun.run(options, targets.secretEnv(), target, "loadgen-reconnect", "reconnect", args,
                    event -> progress.update(label + switch (event.getString("event", "")) {
                        case "setup" -> "connecting: " + event.getLong("ready") + "/" + event.getLong("clients");
                        case "positioned" -> "every client follows its account stream; dropping them all";
                        case "reconnecting" -> "reconnecting within one second and resuming ...";
                        default -> event.getString("event", "");
                    }), timeout);
            JsonObject result = outcome.result();
            runs.add(new JsonObject().put("target", target.name()).put("runtime", target.runtime()).put("clients", spec.clients())
                    .put("ready", result.getLong("ready")).put("failed", result.getLong("failed"))
                    .put("resumed", result.getLong("resumed")).put("fallbacks", result.getLong("fallbacks"))
                    .put("gaps", result.getLong("gaps")).put("missed_per_client", spec.missed())
                    .put("resume_latency", result.getJsonObject("resume_latency")).put("first_error", result.getString("first_error")));
        }
        progress.done();
        return new JsonObject().put("benchmark", "reconnect").put("machine", machine.toJson())
                .put("params", new JsonObject().put("clients", spec.clients()).put("missed_per_client", spec.missed())
                        .put("spread_s", 1))
                .put("load_generator", new JsonObject().put("jvm_flags", options.loadgenJvmOpts).put("event_loops", options.loadgenThreads))
                .put("work_dir", options.workDir().toString())
                .put("runs", runs);
    }

    public static String human(JsonObject report) {
        JsonObject params = report.getJsonObject("params");
        StringBuilder out = new StringBuilder(Reports.header("reconnect", report));
        out.append(String.format(Locale.ROOT, "load: %s clients (each its own user) drop at once, miss %d account changes each, "
                        + "then reconnect spread over 1 s and resume; time from reconnect to resume_response%n%n",
                Format.count(params.getInteger("clients")), params.getInteger("missed_per_client")));
        Table table = new Table("target", "clients", "resumed", "p50 ms", "p99 ms", "max ms", "fallbacks to snapshot", "gaps", "failed");
        for (Object item : report.getJsonArray("runs")) {
            JsonObject run = (JsonObject) item;
            LatencySummary latency = LatencySummary.fromJson(run.getJsonObject("resume_latency"));
            table.add(run.getString("target"), Format.count(run.getInteger("clients")), Format.count(run.getLong("resumed")),
                    LatencySummary.millis(latency.p50Micros()), LatencySummary.millis(latency.p99Micros()),
                    LatencySummary.millis(latency.maxMicros()), Format.count(run.getLong("fallbacks")), Format.count(run.getLong("gaps")),
                    Format.count(run.getLong("failed")));
        }
        out.append(table.render());
        out.append(Reports.footer(report));
        return out.toString();
    }
}
