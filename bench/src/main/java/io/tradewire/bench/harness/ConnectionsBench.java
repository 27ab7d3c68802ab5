package io.tradewire.bench.harness;

import io.tradewire.bench.measure.Machine;
import io.tradewire.bench.measure.Proc;
import io.tradewire.bench.measure.ProcSample;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench connections}: N idle sessions on one node. Each client connects as its own user,
 * authenticates (the exchange dialect's {@code auth}, with {@code ?user_id=} as in the README, so each
 * session also follows its orders, trades and account streams) and then stays silent but for heartbeats
 * for {@code --idle} seconds, longer than the dialect's idle timeout. Heap after a full collection and RSS
 * are read before and after; the difference divided by the sessions held is the cost of one session.
 */
public final class ConnectionsBench {
    static final long GOAL_SESSIONS = 50_000;
    static final long GOAL_HEAP = 2L * 1024 * 1024 * 1024;

    public record Spec(int clients, double idle, List<String> peers) {
        public static Spec of(int clients, double idle, List<String> peers, long openFilesLimit) {
            FanoutBench.checkClients(clients, openFilesLimit);
            if (!(idle >= 0) || idle > 3600) {
                throw new IllegalArgumentException("--idle must be between 0 and 3600 seconds");
            }
            return new Spec(clients, idle, FanoutBench.peers(peers));
        }
    }

    private ConnectionsBench() {
    }

    public static JsonObject run(Spec spec, HarnessOptions options) throws IOException, InterruptedException {
        Machine machine = Machine.current();
        Targets targets = new Targets(options);
        Progress progress = new Progress();
        JsonArray runs = new JsonArray();
        List<String> names = new ArrayList<>(List.of(Target.TRADEWIRE));
        names.addAll(spec.peers());
        for (String name : names) {
            try (Target target = name.equals(Target.TRADEWIRE) ? targets.tradewire("FANOUT", 0) : targets.peer(name)) {
                runs.add(runOne(spec, options, targets, target, progress));
            }
        }
        progress.done();
        JsonObject ours = runs.getJsonObject(0);
        double perSession = ours.getDouble("heap_per_session_bytes", Double.NaN);
        double projected = ours.getLong("heap_before_bytes", 0L) + perSession * GOAL_SESSIONS;
        JsonArray goals = new JsonArray()
                .add(new JsonObject().put("goal", "50,000 idle sessions on one node within 2 GiB of heap")
                        .put("value", Format.count(ours.getLong("held", 0L)) + " held here; heap projected for 50,000: "
                                + Format.mib((long) projected))
                        .put("met", ours.getLong("held", 0L) >= GOAL_SESSIONS ? (Object) (ours.getLong("heap_after_bytes") <= GOAL_HEAP)
                                : null));
        return new JsonObject().put("benchmark", "connections").put("machine", machine.toJson())
                .put("params", new JsonObject().put("clients", spec.clients()).put("idle_s", spec.idle())
                        .put("peers", new JsonArray(spec.peers())))
                .put("load_generator", new JsonObject().put("jvm_flags", options.loadgenJvmOpts).put("event_loops", options.loadgenThreads))
                .put("work_dir", options.workDir().toString())
                .put("runs", runs).put("goals", goals)
                .put("projected_heap_for_50000_bytes", Double.isNaN(projected) ? null : Math.round(projected));
    }

    private static JsonObject runOne(Spec spec, HarnessOptions options, Targets targets, Target target, Progress progress)
            throws IOException, InterruptedException {
        String label = "[" + target.name() + ", " + spec.clients() + " sessions] ";
        JsonObject before = Control.memory(target);
        ProcSample rssBefore = Proc.sample(target.pid()).orElse(null);
        JsonObject[] result = {null};
        JsonObject[] after = {null};
        ProcSample[] rssAfter = {null};
        List<String> args = List.of("--clients", Integer.toString(spec.clients()), "--idle", Double.toString(spec.idle()));
        Duration timeout = Duration.ofSeconds((long) spec.idle() + 300 + spec.clients() / 20);
        LoadRun.run(options, targets.secretEnv(), target, "loadgen-connections-" + target.name(), "connections", args, event -> {
            switch (event.getString("event", "")) {
                case "setup" -> progress.update(label + "connecting: " + event.getLong("ready") + "/" + event.getLong("clients"));
                case "ready" -> progress.update(label + "all connected, idling " + Format.decimal(spec.idle(), 0) + " s");
                case "progress" -> progress.update(label + "idle, open " + event.getLong("open"));
                case "result" -> result[0] = event;
                case "idle_done" -> {
                    progress.update(label + "measuring the server");
                    try {
                        after[0] = Control.memory(target);
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot read the server's memory: " + e.getMessage());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted");
                    }
                    rssAfter[0] = Proc.sample(target.pid()).orElse(null);
                }
                default -> {
                }
            }
        }, timeout);
        long held = result[0].getLong("held", 0L);
        long heapBefore = before.getLong("heap_used", 0L);
        long heapAfter = after[0].getLong("heap_used", 0L);
        long rss0 = rssBefore == null ? -1 : rssBefore.rssBytes();
        long rss1 = rssAfter[0] == null ? -1 : rssAfter[0].rssBytes();
        return new JsonObject().put("target", target.name()).put("runtime", target.runtime()).put("clients", spec.clients())
                .put("held", held).put("failed", result[0].getLong("failed")).put("closed", result[0].getLong("closed"))
                .put("server_sessions", after[0].getLong("sessions", after[0].getLong("clients")))
                .put("heap_before_bytes", heapBefore).put("heap_after_bytes", heapAfter)
                .put("heap_per_session_bytes", held == 0 ? null : Format.json((double) (heapAfter - heapBefore) / held, 0))
                .put("rss_before_bytes", rss0).put("rss_after_bytes", rss1)
                .put("rss_per_session_bytes", held == 0 || rss0 < 0 ? null : Format.json((double) (rss1 - rss0) / held, 0))
                .put("first_error", result[0].getString("first_error"));
    }

    public static String human(JsonObject report) {
        JsonObject params = report.getJsonObject("params");
        StringBuilder out = new StringBuilder(Reports.header("connections", report));
        out.append(String.format(Locale.ROOT, "load: %s clients, each its own authenticated user, idle for %s s (pings every 5 s, "
                + "idle timeout 10 s); heap after a full GC%n%n", Format.count(params.getInteger("clients")),
                Format.decimal(params.getDouble("idle_s"), 0)));
        Table table = new Table("target", "held", "failed", "closed", "heap before", "heap after", "heap/session", "RSS before",
                "RSS after", "RSS/session");
        for (Object item : report.getJsonArray("runs")) {
            JsonObject run = (JsonObject) item;
            table.add(run.getString("target"), Format.count(run.getLong("held")), Format.count(run.getLong("failed")),
                    Format.count(run.getLong("closed")), Format.mib(run.getLong("heap_before_bytes")), Format.mib(run.getLong("heap_after_bytes")),
                    Format.kib(OrdersBench.num(run, "heap_per_session_bytes")), Format.mib(run.getLong("rss_before_bytes")),
                    Format.mib(run.getLong("rss_after_bytes")), Format.kib(OrdersBench.num(run, "rss_per_session_bytes")));
        }
        out.append(table.render());
        out.append("(for the Node peers, heap is V8's heap after a forced GC)\n");
        out.append(Reports.goals(report.getJsonArray("goals")));
        out.append(Reports.footer(report));
        return out.toString();
    }
}
