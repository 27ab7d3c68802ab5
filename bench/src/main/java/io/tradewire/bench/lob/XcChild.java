package io.tradewire.bench.lob;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs exchange-core ({@link XcBookMain}, {@link XcVenue}) in a child JVM of this class path, with the flags it needs. */
public final class XcChild {
    /** Heap and collector of the reference harness (run-xc.sh). */
    static final List<String> HEAP = List.of("-Xms4g", "-Xmx4g", "-XX:+UseParallelGC");

    private XcChild() {
    }

    static List<String> jvmFlags() throws IOException {
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

    /** {@code main}{@code (mix, runs)} of {@code entry} in a child JVM; its last JSON line is the report. */
    public static JsonObject run(Class<?> entry, LobMix mix, int runs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmFlags());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(entry.getName());
        command.add(mix.name().toLowerCase());
        command.add(Integer.toString(runs));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("{")) last = line;
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || last == null) throw new IllegalStateException("exchange-core child JVM failed (exit " + rc + ")");
        JsonObject report = new JsonObject(last);
        report.put("jvmFlags", String.join(" ", jvmFlags()));
        return report;
    }
}
