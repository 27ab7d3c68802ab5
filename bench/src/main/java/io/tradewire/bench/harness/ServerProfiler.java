package io.tradewire.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import one.convert.Arguments;
import one.convert.JfrToFlame;

/**
 * {@code --profile DIR}: records the Tradewire server process with Java Flight Recorder over exactly the measured
 * window ({@code jcmd <pid> JFR.start} at its start, {@code JFR.stop} at its end), then turns the recording into two
 * flame graphs with async-profiler's JFR converter: {@code <label>-cpu.html} (JFR's execution samples: where the server's
 * threads ran Java code) and
 * {@code <label>-alloc.html} (what they allocated). The recording itself stays in the run's work directory.
 */
final class ServerProfiler {
    private static final String RECORDING = "tradewire-bench";

    private final Path outputDir;
    private final Path workDir;

    ServerProfiler(Path outputDir, Path workDir) {
        this.outputDir = outputDir;
        this.workDir = workDir;
    }

    /** Starts a recording in the process {@code pid} (a JVM of this user, on this machine). */
    void start(long pid) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=" + RECORDING, "settings=profile");
    }

    /**
     * Stops the recording of {@code pid}, writes it to the work directory, and converts it.
     *
     * @return the flame graphs written
     */
    List<Path> stop(long pid, String label) throws IOException, InterruptedException {
        Path recording = workDir.resolve(label + ".jfr").toAbsolutePath();
        jcmd(pid, "JFR.stop", "name=" + RECORDING, "filename=" + recording);
        Files.createDirectories(outputDir);
        List<Path> written = new ArrayList<>();
        written.add(flame(recording, label + "-cpu.html", "--title", "Tradewire server CPU: " + label));
        written.add(flame(recording, label + "-alloc.html", "--alloc", "--title", "Tradewire server allocations: " + label));
        return written;
    }

    private Path flame(Path recording, String file, String... args) throws IOException {
        Path output = outputDir.resolve(file);
        JfrToFlame.convert(recording.toString(), output.toString(), new Arguments(args));
        return output;
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new IllegalStateException("--profile needs jcmd, which this Java runtime lacks (" + jcmd + "): run the bench on a JDK");
        }
        List<String> args = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        args.addAll(List.of(command));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || output.contains("Could not")) {
            String firstLines = output.lines().map(String::trim).filter(line -> !line.isEmpty()).limit(3)
                    .collect(java.util.stream.Collectors.joining(" | "));
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed for process " + pid + ": " + firstLines);
        }
    }
}
