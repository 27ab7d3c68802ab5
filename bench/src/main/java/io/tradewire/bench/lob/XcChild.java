package io.tradewire.bench.lob;

import io.tradewire.bench.harness.Format;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs exchange-core ({@link XcBookMain}, {@link XcVenue}) in a child JVM of this class path, with the flags it needs:
 * all its passes at once ({@link #run}), or taking turns with this JVM pass by pass ({@link Paced}).
 *
 * <p>The child's arguments: {@code <mix> <runs> [free|paced] [commands]}. Paced, it prints {@code {"ready":..}} once
 * its stream is built, then before each pass waits for a {@code go} line on its standard input and after it prints
 * the pass's figures as one JSON line; at the end it prints its report, as unpaced.
 */
public final class XcChild {
    /** Heap and collector of the reference harness (run-xc.sh). */
    static final List<String> HEAP = List.of("-Xms4g", "-Xmx4g", "-XX:+UseParallelGC");
    private static final String GO = "go";

    private XcChild() {
    }

    /** The flags exchange-core needs (its --add-opens and --add-exports) and the reference harness's heap and collector. */
    public static List<String> jvmFlags() throws IOException {
        List<String> flags = new ArrayList<>();
        try (InputStream in = XcChild.class.getResourceAsStream("xc-jvmflags.txt")) {
            if (in == null) throw new IllegalStateException("xc-jvmflags.txt is missing from the class path");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) flags.add(line.strip());
            }
        }
        flags.addAll(HEAP);
        return flags;
    }

    /** exchange-core's order book alone ({@link XcBookMain}). */
    public static JsonObject run(LobMix mix, int runs) throws IOException, InterruptedException {
        return run(XcBookMain.class, mix, runs);
    }

    /** {@code main}{@code (mix, runs)} of {@code entry} in a child JVM, all passes at once; its last JSON line is the report. */
    public static JsonObject run(Class<?> entry, LobMix mix, int runs) throws IOException, InterruptedException {
        Process p = start(entry, LobParams.of(mix), runs, false);
        p.getOutputStream().close();
        try (BufferedReader r = reader(p)) {
            return report(p, r);
        }
    }

    /**
     * exchange-core in a child JVM that runs a pass only when told to, so that two engines measured side by side take
     * turns on the machine: one pass of ours, then one of theirs, and so on. Each pair of passes sees the machine in the
     * same minute, so the ratio of a pair is not moved by the machine's speed changing between the two engines' runs.
     */
    public static final class Paced implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final Writer in;
        private final int passes;

        private Paced(Process process) throws IOException {
            this.process = process;
            this.out = reader(process);
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            JsonObject ready = nextJson(process, out);
            if (!ready.getBoolean("ready", false)) {
                throw new IllegalStateException("exchange-core child JVM: expected its ready line, got " + ready.encode());
            }
            this.passes = ready.getInteger("passes");
        }

        /** Starts the child and waits until it has built its stream (the same one as {@code params} builds here). */
        public static Paced start(Class<?> entry, LobParams params, int runs) throws IOException {
            Process process = XcChild.start(entry, params, runs, true);
            try {
                return new Paced(process);
            } catch (IOException | RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
        }

        /** The child's passes: its throughput passes, then its latency pass if it has one. */
        public int passes() {
            return passes;
        }

        /** Lets the child run its next pass and waits until it ended: the pass's figures. */
        public JsonObject pass() throws IOException {
            in.write(GO + "\n");
            in.flush();
            JsonObject pass = nextJson(process, out);
            if (!pass.containsKey("pass")) {
                throw new IllegalStateException("exchange-core child JVM: expected a pass, got " + pass.encode());
            }
            return pass;
        }

        /** The child's report, after its last pass; waits for it to exit. */
        public JsonObject report() throws IOException, InterruptedException {
            in.close();
            return XcChild.report(process, out);
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * The child's side of the turns, from its arguments ({@code <mix> <runs> [free|paced] [commands]}). Unpaced: none.
     * Paced: tells the parent on standard output that the stream is built and how many passes follow, then waits for
     * {@code go} on standard input before each pass, and after it prints the pass's figures (with its start and end on
     * the machine's monotonic clock) as one JSON line.
     */
    static LobBench.Turns childTurns(String[] args, int passes) {
        if (args.length <= 2 || !args[2].equals("paced")) {
            return LobBench.Turns.NONE;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = System.out;
        out.println(new JsonObject().put("ready", true).put("passes", passes).encode());
        out.flush();
        return new LobBench.Turns() {
            private long started;

            @Override
            public void before(int pass) {
                try {
                    String line = in.readLine();
                    if (!GO.equals(line)) {
                        throw new IllegalStateException("expected '" + GO + "' before pass " + pass + ", got " + line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                started = System.nanoTime();
            }

            @Override
            public void after(int pass, LobReplay.Pass result) {
                JsonObject line = new JsonObject().put("pass", pass).put("startNanos", started).put("endNanos", System.nanoTime());
                if (result != null) {
                    line.put("opsPerSecond", Format.json(result.opsPerSecond())).put("cpuNsPerCommand", Format.json(result.cpuNsPerCommand()))
                            .put("processCpuNsPerCommand", Format.json(result.processCpuNsPerCommand()))
                            .put("fills", result.fills());
                }
                out.println(line.encode());
                out.flush();
            }
        };
    }

    /** The stream a child's arguments name: {@code <mix> <runs> [free|paced] [commands]}. */
    static LobParams params(String[] args) {
        LobParams params = LobParams.of(LobMix.parse(args[0]));
        return args.length > 3 ? params.withCommands(Integer.parseInt(args[3])) : params;
    }

    private static Process start(Class<?> entry, LobParams params, int runs, boolean paced) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmFlags());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(entry.getName());
        command.add(params.mix().name().toLowerCase());
        command.add(Integer.toString(runs));
        command.add(paced ? "paced" : "free");
        command.add(Integer.toString(params.commands()));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The next line of the child's output that is a JSON object (exchange-core may print other lines). */
    private static JsonObject nextJson(Process p, BufferedReader r) throws IOException {
        for (String line; (line = r.readLine()) != null; ) {
            if (line.startsWith("{")) {
                return new JsonObject(line);
            }
        }
        throw new IllegalStateException("exchange-core child JVM ended early" + exit(p));
    }

    /** The last JSON line before the child exits: its report. */
    private static JsonObject report(Process p, BufferedReader r) throws IOException, InterruptedException {
        String last = null;
        for (String line; (line = r.readLine()) != null; ) {
            if (line.startsWith("{")) last = line;
        }
        int rc = p.waitFor();
        if (rc != 0 || last == null) throw new IllegalStateException("exchange-core child JVM failed (exit " + rc + ")");
        JsonObject report = new JsonObject(last);
        report.put("jvmFlags", String.join(" ", jvmFlags()));
        return report;
    }

    private static String exit(Process p) {
        try {
            return " (exit " + p.waitFor() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
