package io.tradewire.bench.harness;

import io.tradewire.bench.load.LoadGenerator;
import io.tradewire.bench.measure.ProcSample;
import io.tradewire.bench.measure.Proc;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One load-generator process against one target: starts it, follows its JSON events, reads the server's
 * and its own {@code /proc} at the start and the end of the measured window, and returns its result.
 */
final class LoadRun {
    /** What one run measured: the load generator's result and the processes' samples around the window. */
    record Outcome(JsonObject result, ProcSample serverStart, ProcSample serverEnd, ProcSample loadStart, ProcSample loadEnd,
            long machineBusyStart, long machineBusyEnd) {
        /** Server CPU over the window in microseconds, or -1 when unknown. */
        long serverCpuMicros() {
            return serverStart == null || serverEnd == null ? -1 : serverEnd.cpuMicros() - serverStart.cpuMicros();
        }

        double serverCores() {
            return serverStart == null || serverEnd == null ? Double.NaN : ProcSample.coresBetween(serverStart, serverEnd);
        }

        double loadCores() {
            return loadStart == null || loadEnd == null ? Double.NaN : ProcSample.coresBetween(loadStart, loadEnd);
        }

        /**
         * CPU that the rest of the machine (neither the server nor the load generator) used during the window,
         * in cores: other work sharing the machine, which makes a run noisier.
         */
        double otherCores() {
            if (serverStart == null || serverEnd == null || loadStart == null || loadEnd == null || machineBusyStart < 0
                    || machineBusyEnd < 0) {
                return Double.NaN;
            }
            long ours = serverEnd.cpuMicros() - serverStart.cpuMicros() + loadEnd.cpuMicros() - loadStart.cpuMicros();
            long wall = serverEnd.atNanos() - serverStart.atNanos();
            return wall <= 0 ? Double.NaN : Math.max(0, machineBusyEnd - machineBusyStart - ours) * 1_000.0 / wall;
        }
    }

    private LoadRun() {
    }

    static Outcome run(HarnessOptions options, Map<String, String> env, Target target, String name, String mode,
            List<String> args, Consumer<JsonObject> onEvent, Duration timeout) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(mode, "--url", target.ws(), "--protocol", target.protocol(),
                "--threads", Integer.toString(options.loadgenThreads)));
        if (target.control() != null) {
            all.add("--control");
            all.add(target.control());
        }
        all.addAll(args);
        ProcSample serverStart = null;
        ProcSample serverEnd = null;
        ProcSample loadStart = null;
        ProcSample loadEnd = null;
        long busyStart = -1;
        long busyEnd = -1;
        ServerProfiler profiler = options.profile != null && Target.TRADEWIRE.equals(target.name()) && target.pid() > 0
                ? new ServerProfiler(options.profile, options.workDir()) : null;
        try (ChildProcess load = ChildProcess.start(name, JavaCommand.of(HarnessOptions.split(options.loadgenJvmOpts),
                LoadGenerator.class.getName(), all), env, null, options.workDir())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String line = load.nextLine(Duration.ofSeconds(1));
                if (line == null) {
                    continue;
                }
                JsonObject event;
                try {
                    event = new JsonObject(line);
                } catch (DecodeException e) {
                    continue;
                }
                switch (event.getString("event", "")) {
                    case "measure_start" -> {
                        if (profiler != null) {
                            profiler.start(target.pid());
                        }
                        busyStart = Proc.machineBusyMicros();
                        serverStart = Proc.sampleAll(target.pids()).orElse(null);
                        loadStart = Proc.sample(load.pid()).orElse(null);
                    }
                    case "measure_end" -> {
                        busyEnd = Proc.machineBusyMicros();
                        serverEnd = Proc.sampleAll(target.pids()).orElse(null);
                        loadEnd = Proc.sample(load.pid()).orElse(null);
                        if (profiler != null) {
                            for (Path graph : profiler.stop(target.pid(), name.replaceFirst("^loadgen-", ""))) {
                                System.err.println("flame graph: " + graph);
                            }
                        }
                    }
                    case "error" -> throw new IllegalStateException("load generator: " + event.getString("message"));
                    default -> {
                    }
                }
                onEvent.accept(event.put("load_pid", load.pid()));
                if ("result".equals(event.getString("event")) && !"connections".equals(mode)) {
                    return new Outcome(event, serverStart, serverEnd, loadStart, loadEnd, busyStart, busyEnd);
                }
                if ("idle_done".equals(event.getString("event"))) {
                    // connections: the caller has measured the server in onEvent; closing stdin lets the sessions go
                    return new Outcome(event, serverStart, serverEnd, loadStart, loadEnd, busyStart, busyEnd);
                }
            }
            throw new IllegalStateException("the load generator did not finish within " + timeout.toSeconds() + " s");
        }
    }
}
