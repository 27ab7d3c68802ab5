package io.tradewire.bench.harness;

import io.tradewire.bench.measure.LatencySummary;
import io.tradewire.bench.measure.Machine;
import io.tradewire.bench.measure.ProcSample;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code bench orders}: end-to-end order flow over WebSockets against a fresh Tradewire node. N clients
 * are N/2 pairs of users, authenticated with tokens minted from the node's key; each pair trades its own
 * instrument in rounds (a resting SELL, then a crossing BUY), started at R orders per second in total.
 */
public final class OrdersBench {

    public record Spec(int clients, double rate, double duration, double warmup) {
        public static Spec of(int clients, double rate, double duration, double warmup, long openFilesLimit) {
            if (clients < 2 || clients % 2 != 0) {
                throw new IllegalArgumentException("--clients must be an even number of at least 2 (pairs of counterparties), got " + clients);
            }
            FanoutBench.checkClients(clients, openFilesLimit);
            if (!(rate > 0) || rate > 1_000_000) {
                throw new IllegalArgumentException("--rate must be above 0 and at most 1000000 orders per second");
            }
            FanoutBench.checkDuration(duration, warmup);
            return new Spec(clients, rate, duration, warmup);
        }
    }

    private OrdersBench() {
    }

    public static JsonObject run(Spec spec, HarnessOptions options) throws IOException, InterruptedException {
        Machine machine = Machine.current();
        Targets targets = new Targets(options);
        Progress progress = new Progress();
        int pairs = spec.clients() / 2;
        JsonObject run;
        try (Target target = targets.tradewire("FANOUT", pairs)) {
            List<String> args = List.of("--clients", Integer.toString(spec.clients()), "--rate", Double.toString(spec.rate()),
                    "--duration", Double.toString(spec.duration()), "--warmup", Double.toString(spec.warmup()));
            Duration timeout = Duration.ofSeconds((long) (spec.duration() + spec.warmup()) + 180 + spec.clients() / 50);
            LoadRun.Outcome outcome = LoadRun.run(options, targets.secretEnv(), target, "loadgen-orders", "orders", args,
                    event -> progress.update("[orders, " + spec.clients() + " clients] " + describe(event, spec)), timeout);
            progress.done();
            JsonObject result = outcome.result();
            ProcSample end = outcome.serverEnd();
            run = new JsonObject().put("target", target.name()).put("runtime", target.runtime()).put("journal", target.journal())
                    .put("journal_bytes", journalBytes(target.dataDir()))
                    .put("clients", spec.clients()).put("pairs", pairs).put("ready", result.getLong("ready"))
                    .put("failed", result.getLong("failed")).put("closed", result.getLong("closed"))
                    .put("offered_orders_per_s", spec.rate()).put("orders_per_s", result.getLong("orders_per_s"))
                    .put("orders_acked", result.getLong("orders_acked")).put("rounds", result.getLong("rounds"))
                    .put("rejected", result.getLong("rejected")).put("skipped_rounds", result.getLong("skipped_rounds"))
                    .put("ack", result.getJsonObject("ack")).put("notify", result.getJsonObject("notify"))
                    .put("server_cpu_cores", Format.json(outcome.serverCores(), 3))
                    .put("server_cpu_us_per_order", cpuMicrosPerOrder(outcome.serverCores(), result.getLong("orders_per_s")))
                    .put("server_rss_bytes", end == null ? null : end.rssBytes())
                    .put("loadgen_cpu_cores", Format.json(outcome.loadCores(), 3))
                    .put("other_cpu_cores", Format.json(outcome.otherCores(), 3))
                    .put("disturbed", Reports.disturbed(outcome.otherCores()))
                    .put("first_error", result.getString("first_error"));
        }
        LatencySummary ack = LatencySummary.fromJson(run.getJsonObject("ack"));
        LatencySummary notify = LatencySummary.fromJson(run.getJsonObject("notify"));
        long sustained = run.getLong("orders_per_s", 0L);
        boolean disturbed = run.getBoolean("disturbed", false);
        String note = disturbed ? ", not judged: the run was disturbed" : "";
        JsonArray goals = new JsonArray()
                .add(new JsonObject().put("goal", "10,000 orders/s sustained end to end" + note).put("value", sustained + " orders/s")
                        .put("met", disturbed ? null : (Object) (sustained >= 10_000)))
                .add(new JsonObject().put("goal", "p99 ack ≤ 5 ms" + note).put("value", LatencySummary.millis(ack.p99Micros()) + " ms")
                        .put("met", disturbed || ack.count() == 0 ? null : (Object) (ack.p99Micros() <= 5_000)))
                .add(new JsonObject().put("goal", "p99 notification ≤ 10 ms" + note)
                        .put("value", LatencySummary.millis(notify.p99Micros()) + " ms")
                        .put("met", disturbed || notify.count() == 0 ? null : (Object) (notify.p99Micros() <= 10_000)))
                .add(journalGoal(run.getJsonObject("journal"), run.getLong("journal_bytes", 0L)));
        return new JsonObject().put("benchmark", "orders").put("machine", machine.toJson())
                .put("params", new JsonObject().put("clients", spec.clients()).put("rate", spec.rate())
                        .put("duration_s", spec.duration()).put("warmup_s", spec.warmup()))
                .put("load_generator", new JsonObject().put("jvm_flags", options.loadgenJvmOpts).put("event_loops", options.loadgenThreads))
                .put("work_dir", options.workDir().toString())
                .put("runs", new JsonArray().add(run)).put("goals", goals);
    }

    /** Whether the venue journaled during the run: journal files in its data directory, and the settings given. */
    static JsonObject journalGoal(JsonObject journal, long journalBytes) {
        String settings = journal == null || journal.isEmpty() ? "the venue's default settings" : "matching.journal " + journal.encode();
        return new JsonObject().put("goal", "with journaling on")
                .put("value", (journalBytes > 0 ? "journal written: " + Format.count(journalBytes) + " bytes" : "no journal written")
                        + " (" + settings + ")")
                .put("met", journalBytes > 0);
    }

    /** Bytes of the journal files ({@code venues/<venue>/journal-*}) under a node's data directory. */
    static long journalBytes(Path dataDir) {
        if (dataDir == null || !Files.isDirectory(dataDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("journal")).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String describe(JsonObject event, Spec spec) {
        return switch (event.getString("event", "")) {
            case "setup" -> "connecting: " + event.getLong("ready") + "/" + event.getLong("clients") + " authenticated";
            case "ready" -> "trading, warm-up " + Format.decimal(spec.warmup(), 0) + " s";
            case "progress" -> String.format(Locale.ROOT, "%.0f/%.0f s  %s orders/s  p99 ack %s ms", event.getDouble("elapsed_s"),
                    spec.duration(), Format.count(event.getLong("per_s")), LatencySummary.millis(event.getLong("p99_us")));
            case "measure_end" -> "finishing the rounds in flight ...";
            default -> event.getString("event", "");
        };
    }

    public static String human(JsonObject report) {
        JsonObject params = report.getJsonObject("params");
        JsonObject run = report.getJsonArray("runs").getJsonObject(0);
        StringBuilder out = new StringBuilder(Reports.header("orders", report));
        out.append(String.format(Locale.ROOT, "load: %d clients = %d pairs, each pair trading its own instrument; %s orders/s offered, "
                        + "%s s measured after %s s of warm-up%n%n", params.getInteger("clients"), run.getInteger("pairs"),
                Format.count(params.getDouble("rate")), Format.decimal(params.getDouble("duration_s"), 0),
                Format.decimal(params.getDouble("warmup_s"), 0)));
        Table table = new Table("latency", "count", "p50 ms", "p99 ms", "p99.9 ms", "max ms");
        for (String kind : List.of("ack", "notify")) {
            LatencySummary latency = LatencySummary.fromJson(run.getJsonObject(kind));
            table.add(kind.equals("ack") ? "submit → order_response" : "submit → trade push (both sides)", Format.count(latency.count()),
                    LatencySummary.millis(latency.p50Micros()), LatencySummary.millis(latency.p99Micros()),
                    LatencySummary.millis(latency.p999Micros()), LatencySummary.millis(latency.maxMicros()));
        }
        out.append(String.format(Locale.ROOT, "sustained: %s orders/s (offered %s); %s rounds, %d rejected, %d rounds skipped "
                        + "(every pair busy); server CPU %s of a core%s, RSS %s; load generator CPU %s of a core; other processes %s of a core%n%n",
                Format.count(run.getLong("orders_per_s")), Format.count(params.getDouble("rate")), Format.count(run.getLong("rounds")),
                run.getLong("rejected"), run.getLong("skipped_rounds"),
                Format.percentOfCore(num(run, "server_cpu_cores")),
                run.getValue("server_cpu_us_per_order") == null ? "" : " (" + Format.count(num(run, "server_cpu_us_per_order")) + " µs per order)",
                Format.mib(run.getLong("server_rss_bytes") == null ? -1 : run.getLong("server_rss_bytes")),
                Format.percentOfCore(num(run, "loadgen_cpu_cores")), Format.percentOfCore(num(run, "other_cpu_cores"))));
        out.append(table.render());
        out.append(Reports.disturbedNote(report.getJsonArray("runs")));
        if (run.getString("first_error") != null) {
            out.append("first error seen: ").append(run.getString("first_error")).append('\n');
        }
        out.append(Reports.goals(report.getJsonArray("goals")));
        out.append(Reports.footer(report));
        return out.toString();
    }

    /** Server CPU per sustained order, in microseconds; null when nothing was sustained or the CPU is unknown. */
    static Object cpuMicrosPerOrder(double serverCores, Long ordersPerSecond) {
        if (ordersPerSecond == null || ordersPerSecond <= 0 || !(serverCores >= 0)) {
            return null;
        }
        return Format.json(serverCores * 1e6 / ordersPerSecond, 1);
    }

    static double num(JsonObject run, String key) {
        Object value = run.getValue(key);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
