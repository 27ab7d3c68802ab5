package io.tradewire.bench.harness;

import io.tradewire.bench.measure.LatencySummary;
import io.tradewire.bench.measure.Machine;
import io.tradewire.bench.measure.PayloadShape;
import io.tradewire.bench.measure.ProcSample;
import io.tradewire.bench.measure.Ratios;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code bench fanout}: for each client count, Tradewire then each peer (one server at a time, each fresh):
 * N clients subscribe to one ticker, the server publishes R events per second, the load generator counts
 * deliveries and publish → receive latency in a window after a warm-up, the harness reads the server's CPU
 * and memory. Ratios compare Tradewire with each peer at the same client count.
 */
public final class FanoutBench {

    /** The validated parameters of a fan-out benchmark. */
    public record Spec(List<Integer> clients, double rate, double duration, double warmup, int payload, String target,
            List<String> peers) {

        public static Spec of(List<Integer> clients, double rate, double duration, double warmup, int payload, String target,
                List<String> peerNames, long openFilesLimit) {
            if (clients == null || clients.isEmpty()) {
                throw new IllegalArgumentException("--clients needs at least one count");
            }
            for (int n : clients) {
                checkClients(n, openFilesLimit);
            }
            if (!(rate > 0) || rate > 1_000_000) {
                throw new IllegalArgumentException("--rate must be above 0 and at most 1000000 events per second");
            }
            checkDuration(duration, warmup);
            PayloadShape.forBytes(payload);
            if (target != null && !target.startsWith("ws://")) {
                throw new IllegalArgumentException("--target must be a ws:// URL of a node started with ./tradewire bench serve");
            }
            return new Spec(List.copyOf(clients), rate, duration, warmup, payload, target, FanoutBench.peers(peerNames));
        }
    }

    static void checkClients(int n, long openFilesLimit) {
        if (n < 1 || n > 1_000_000) {
            throw new IllegalArgumentException("--clients must be between 1 and 1000000, got " + n);
        }
        if (openFilesLimit > 0 && n > openFilesLimit - 256) {
            throw new IllegalArgumentException("--clients " + n + " needs as many open sockets in one process, but the open-files "
                    + "limit here is " + openFilesLimit + " (raise it with ulimit -n)");
        }
    }

    static void checkDuration(double duration, double warmup) {
        if (!(duration >= 1) || duration > 3600) {
            throw new IllegalArgumentException("--duration must be between 1 and 3600 seconds");
        }
        if (!(warmup >= 0) || warmup > 600) {
            throw new IllegalArgumentException("--warmup must be between 0 and 600 seconds");
        }
    }

    /** {@code ws}, {@code socketio}, {@code all} or {@code none}, any combination, in the order given. */
    public static List<String> peers(List<String> names) {
        Set<String> peers = new LinkedHashSet<>();
        for (String raw : names == null ? List.<String>of() : names) {
            String name = raw.trim().toLowerCase(Locale.ROOT).replace(".", "").replace("-", "");
            switch (name) {
                case "none", "" -> {
                }
                case "all" -> peers.addAll(Targets.PEERS);
                case "ws", "socketio" -> peers.add(name);
                default -> throw new IllegalArgumentException("--peer must be ws, socketio, all or none, got '" + raw + "'");
            }
        }
        return List.copyOf(peers);
    }

    private FanoutBench() {
    }

    public static JsonObject run(Spec spec, HarnessOptions options) throws IOException, InterruptedException {
        Machine machine = Machine.current();
        Targets targets = new Targets(options);
        Progress progress = new Progress();
        JsonArray runs = new JsonArray();
        String symbol = PayloadShape.forBytes(spec.payload()).symbol();
        if (spec.target() != null) {
            try (Target external = Targets.external(spec.target())) {
                symbol = external.symbol();
            }
        }
        for (int clients : spec.clients()) {
            List<String> names = new ArrayList<>();
            names.add(Target.TRADEWIRE);
            names.addAll(spec.peers());
            for (String name : names) {
                try (Target target = name.equals(Target.TRADEWIRE)
                        ? (spec.target() != null ? Targets.external(spec.target()) : targets.tradewire(symbol, 0))
                        : targets.peer(name)) {
                    runs.add(runOne(spec, options, targets, target, clients, symbol, progress));
                } catch (IllegalStateException | IOException e) {
                    // One failed run (a server that did not start, a load generator that gave up) does not end a sweep.
                    progress.note("tradewire bench: " + name + " with " + clients + " clients failed: " + e.getMessage());
                    runs.add(new JsonObject().put("target", name).put("clients", clients).put("error", e.getMessage()));
                }
            }
        }
        progress.done();
        JsonObject report = new JsonObject().put("benchmark", "fanout").put("machine", machine.toJson())
                .put("params", new JsonObject().put("clients", new JsonArray(spec.clients())).put("rate", spec.rate())
                        .put("duration_s", spec.duration()).put("warmup_s", spec.warmup()).put("payload_bytes", spec.payload())
                        .put("symbol", symbol).put("target", spec.target()).put("peers", new JsonArray(spec.peers())))
                .put("load_generator", new JsonObject().put("jvm_flags", options.loadgenJvmOpts)
                        .put("event_loops", options.loadgenThreads))
                .put("work_dir", options.workDir().toString())
                .put("runs", runs);
        report.put("ratios", ratios(runs));
        report.put("goals", goals(spec, runs));
        return report;
    }

    private static JsonObject runOne(Spec spec, HarnessOptions options, Targets targets, Target target, int clients, String symbol,
            Progress progress) throws IOException, InterruptedException {
        String label = target.name() + ", " + clients + " clients";
        progress.update("[" + label + "] connecting ...");
        List<String> args = List.of("--clients", Integer.toString(clients), "--rate", Double.toString(spec.rate()),
                "--duration", Double.toString(spec.duration()), "--warmup", Double.toString(spec.warmup()), "--symbol", symbol);
        Duration timeout = Duration.ofSeconds((long) (spec.duration() + spec.warmup()) + 180 + clients / 50);
        LoadRun.Outcome outcome = LoadRun.run(options, targets.secretEnv(), target, "loadgen-fanout-" + target.name() + "-" + clients,
                "fanout", args, event -> progress.update("[" + label + "] " + describe(event, spec)), timeout);
        JsonObject result = outcome.result();
        long delivered = result.getLong("delivered", 0L);
        long cpu = outcome.serverCpuMicros();
        ProcSample end = outcome.serverEnd();
        return new JsonObject().put("target", target.name()).put("runtime", target.runtime()).put("clients", clients)
                .put("ready", result.getLong("ready")).put("failed", result.getLong("failed")).put("closed", result.getLong("closed"))
                .put("offered_per_s", Math.round(spec.rate() * result.getLong("ready", 0L)))
                .put("delivered", delivered).put("delivered_per_s", result.getLong("delivered_per_s"))
                .put("latency", result.getJsonObject("latency"))
                .put("avg_frame_bytes", result.getLong("avg_bytes")).put("published", result.getLong("published"))
                .put("lost", result.getLong("lost")).put("publisher_max_lag_us", result.getLong("publisher_max_lag_us"))
                .put("server_cpu_cores", Format.json(outcome.serverCores(), 3))
                .put("server_cpu_us_per_msg", Format.json(Ratios.microsPerMessage(cpu, delivered), 3))
                .put("server_rss_bytes", end == null ? null : end.rssBytes())
                .put("server_rss_peak_bytes", end == null ? null : end.hwmBytes())
                .put("loadgen_cpu_cores", Format.json(outcome.loadCores(), 3))
                    .put("other_cpu_cores", Format.json(outcome.otherCores(), 3))
                .put("disturbed", Reports.disturbed(outcome.otherCores()))
                .put("first_error", result.getString("first_error"));
    }

    private static String describe(JsonObject event, Spec spec) {
        return switch (event.getString("event", "")) {
            case "setup" -> "connecting: " + event.getLong("ready") + "/" + event.getLong("clients") + " subscribed"
                    + (event.getLong("failed", 0L) > 0 ? ", " + event.getLong("failed") + " failed" : "");
            case "ready" -> "subscribed; publishing, warm-up " + Format.decimal(spec.warmup(), 0) + " s";
            case "progress" -> String.format(Locale.ROOT, "%.0f/%.0f s  delivered %s/s  p99 %s ms  open %d",
                    event.getDouble("elapsed_s"), spec.duration(), Format.count(event.getLong("per_s")),
                    LatencySummary.millis(event.getLong("p99_us")), event.getLong("open"));
            case "measure_end" -> "draining ...";
            default -> event.getString("event", "");
        };
    }

    /** Tradewire ÷ each peer at each client count: throughput (higher is better), p99 and CPU per message (lower is better). */
    static JsonArray ratios(JsonArray runs) {
        JsonArray ratios = new JsonArray();
        for (int i = 0; i < runs.size(); i++) {
            JsonObject ours = runs.getJsonObject(i);
            if (!ours.getString("target").equals(Target.TRADEWIRE) || ours.containsKey("error")) {
                continue;
            }
            for (int j = 0; j < runs.size(); j++) {
                JsonObject theirs = runs.getJsonObject(j);
                if (theirs.getString("target").equals(Target.TRADEWIRE) || theirs.containsKey("error")
                        || !theirs.getInteger("clients").equals(ours.getInteger("clients"))) {
                    continue;
                }
                ratios.add(new JsonObject().put("clients", ours.getInteger("clients")).put("peer", theirs.getString("target"))
                        .put("disturbed", ours.getBoolean("disturbed", false) || theirs.getBoolean("disturbed", false))
                        .put("throughput", Ratios.rounded(Ratios.ratio(number(ours, "delivered_per_s"), number(theirs, "delivered_per_s"))))
                        .put("p99", Ratios.rounded(Ratios.ratio(p99(ours), p99(theirs))))
                        .put("cpu_per_msg", Ratios.rounded(Ratios.ratio(number(ours, "server_cpu_us_per_msg"),
                                number(theirs, "server_cpu_us_per_msg")))));
            }
        }
        return ratios;
    }

    /** The fan-out goals, judged where this run has the figures (1,000 clients, both peers). */
    static JsonArray goals(Spec spec, JsonArray runs) {
        JsonArray goals = new JsonArray();
        for (Object item : ratios(runs)) {
            JsonObject ratio = (JsonObject) item;
            if (ratio.getInteger("clients") != 1000) {
                continue;
            }
            String peer = ratio.getString("peer");
            double needed = peer.equals("socketio") ? 2.0 : 1.0;
            boolean disturbed = ratio.getBoolean("disturbed", false);
            goals.add(goal("delivered msgs/s ≥ " + Format.decimal(needed, 0) + "× " + peer + " (1,000 clients)",
                    ratio.getDouble("throughput"), needed, true, disturbed));
            goals.add(goal("p99 delivery latency ≤ " + peer + "'s (1,000 clients)", ratio.getDouble("p99"), 1.0, false, disturbed));
            if (peer.equals("ws")) {
                goals.add(goal("server CPU per message ≤ ws's (1,000 clients)", ratio.getDouble("cpu_per_msg"), 1.0, false, disturbed));
            }
        }
        return goals;
    }

    /** A goal judged on a ratio; not judged (null) when a run it compares was disturbed by other work. */
    private static JsonObject goal(String text, Double ratio, double threshold, boolean atLeast, boolean disturbed) {
        Boolean met = ratio == null || disturbed ? null : (atLeast ? ratio >= threshold : ratio <= threshold);
        return new JsonObject().put("goal", disturbed ? text + ", not judged: a run was disturbed" : text).put("ratio", ratio)
                .put("met", met);
    }

    private static double number(JsonObject run, String key) {
        Object value = run.getValue(key);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double p99(JsonObject run) {
        JsonObject latency = run.getJsonObject("latency");
        return latency == null || latency.getLong("count", 0L) == 0 ? Double.NaN : latency.getLong("p99_us");
    }

    /** The report for people. */
    public static String human(JsonObject report) {
        JsonObject params = report.getJsonObject("params");
        StringBuilder out = new StringBuilder();
        out.append(Reports.header("fanout", report));
        out.append(String.format(Locale.ROOT, "load: each client subscribes to the ticker of %s; %s events/s for %s s measured after %s s "
                        + "of warm-up; frames of about %d bytes%n%n", params.getString("symbol"), Format.count(params.getDouble("rate")),
                Format.decimal(params.getDouble("duration_s"), 0), Format.decimal(params.getDouble("warmup_s"), 0),
                PayloadShape.ofSymbol(params.getString("symbol")).approxFrameBytes()));
        Table table = new Table("target", "clients", "offered/s", "delivered/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms",
                "server CPU", "µs CPU/msg", "server RSS", "loadgen CPU", "other CPU", "src lag ms", "frame B", "lost", "closed");
        StringBuilder errors = new StringBuilder();
        for (Object item : report.getJsonArray("runs")) {
            JsonObject run = (JsonObject) item;
            if (run.containsKey("error")) {
                errors.append("failed: ").append(run.getString("target")).append(", ").append(run.getInteger("clients"))
                        .append(" clients: ").append(run.getString("error")).append('\n');
                continue;
            }
            LatencySummary latency = LatencySummary.fromJson(run.getJsonObject("latency"));
            table.add(run.getString("target") + (run.getBoolean("disturbed", false) ? " *" : ""), Format.count(run.getInteger("clients")), Format.count(run.getLong("offered_per_s")),
                    Format.count(run.getLong("delivered_per_s")), LatencySummary.millis(latency.p50Micros()),
                    LatencySummary.millis(latency.p99Micros()), LatencySummary.millis(latency.p999Micros()),
                    LatencySummary.millis(latency.maxMicros()), Format.percentOfCore(number(run, "server_cpu_cores")) + " core",
                    Format.decimal(number(run, "server_cpu_us_per_msg"), 2),
                    Format.mib(run.getLong("server_rss_bytes") == null ? -1 : run.getLong("server_rss_bytes")),
                    Format.percentOfCore(number(run, "loadgen_cpu_cores")) + " core",
                    Format.percentOfCore(number(run, "other_cpu_cores")) + " core",
                    run.getLong("publisher_max_lag_us") == null ? "n/a" : LatencySummary.millis(run.getLong("publisher_max_lag_us")),
                    Format.count(run.getLong("avg_frame_bytes")),
                    run.getLong("lost") == null ? "n/a" : Format.count(run.getLong("lost")), Format.count(run.getLong("closed")));
        }
        out.append(table.render());
        out.append(errors);
        out.append(Reports.disturbedNote(report.getJsonArray("runs")));
        JsonArray ratios = report.getJsonArray("ratios");
        if (!ratios.isEmpty()) {
            out.append("\nratios (tradewire ÷ peer; throughput: higher is better, p99 and CPU/msg: lower is better)\n");
            Table ratioTable = new Table("clients", "peer", "throughput", "p99", "CPU/msg");
            for (Object item : ratios) {
                JsonObject ratio = (JsonObject) item;
                ratioTable.add(Format.count(ratio.getInteger("clients")), ratio.getString("peer"), times(ratio.getDouble("throughput")),
                        times(ratio.getDouble("p99")), times(ratio.getDouble("cpu_per_msg")));
            }
            out.append(ratioTable.render());
        }
        out.append(Reports.goals(report.getJsonArray("goals")));
        out.append(Reports.footer(report));
        return out.toString();
    }

    static String times(Double ratio) {
        return ratio == null ? "n/a" : Ratios.times(ratio);
    }
}
