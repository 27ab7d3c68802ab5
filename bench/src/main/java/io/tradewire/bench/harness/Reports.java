package io.tradewire.bench.harness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parts every human-readable report shares: the machine, the processes, the goals. */
final class Reports {
    private Reports() {
    }

    static String header(String benchmark, JsonObject report) {
        JsonObject machine = report.getJsonObject("machine");
        JsonObject load = report.getJsonObject("load_generator");
        return "tradewire bench " + benchmark + "\n"
                + "machine: " + new io.tradewire.bench.measure.Machine(machine.getInteger("cores"), machine.getLong("memory_bytes"),
                        machine.getString("cpu"), machine.getString("os"), machine.getString("java"),
                        machine.getLong("open_files_limit"), machine.getString("load_average_before", "unknown")).describe() + "\n"
                + "load generator: its own JVM (" + load.getString("jvm_flags") + "), " + load.getInteger("event_loops")
                + " event loops, Vert.x WebSocket clients; every server runs alone, one after the other\n";
    }

    /** Other processes' CPU (cores) above which a run's window counts as disturbed by other work on the machine. */
    static final double DISTURBED_CORES = 0.25;

    static boolean disturbed(double otherCores) {
        return !Double.isNaN(otherCores) && otherCores > DISTURBED_CORES;
    }

    static String disturbedNote(JsonArray runs) {
        for (Object item : runs) {
            if (((JsonObject) item).getBoolean("disturbed", false)) {
                return "* disturbed: other processes used more than " + Format.percentOfCore(DISTURBED_CORES)
                        + " of a core during the measured window; such figures are not comparable, and goals are not judged on them\n";
            }
        }
        return "";
    }

    static String goals(JsonArray goals) {
        if (goals == null || goals.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\ngoals\n");
        for (Object item : goals) {
            JsonObject goal = (JsonObject) item;
            Boolean met = goal.getBoolean("met");
            out.append("  ").append(met == null ? "n/a    " : met ? "met    " : "NOT MET").append("  ").append(goal.getString("goal"));
            if (goal.getValue("value") != null) {
                out.append(": ").append(goal.getValue("value"));
            } else if (goal.getValue("ratio") != null) {
                out.append(" — ratio ").append(FanoutBench.times(goal.getDouble("ratio")));
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String footer(JsonObject report) {
        Map<String, String> runtimes = new LinkedHashMap<>();
        for (Object item : report.getJsonArray("runs", new JsonArray())) {
            JsonObject run = (JsonObject) item;
            runtimes.putIfAbsent(run.getString("target"), run.getString("runtime"));
        }
        StringBuilder out = new StringBuilder("\n");
        runtimes.forEach((target, runtime) -> out.append(target).append(": ").append(runtime).append('\n'));
        out.append("logs: ").append(report.getString("work_dir")).append('\n');
        return out.toString();
    }
}
