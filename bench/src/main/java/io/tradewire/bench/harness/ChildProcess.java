package io.tradewire.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process the harness started (bench server, peer, load generator): its standard output is read line by
 * line (and copied to {@code <name>.out.log}), its standard error goes to {@code <name>.err.log} in the
 * run's work directory.
 */
public final class ChildProcess implements AutoCloseable {
    private static final String EOF = "\u0000eof";
    private final String name;
    private final Process process;
    private final Path errLog;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private boolean ended;

    private ChildProcess(String name, Process process, Path errLog) {
        this.name = name;
        this.process = process;
        this.errLog = errLog;
    }

    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path cwd, Path logDir)
            throws IOException {
        Files.createDirectories(logDir);
        Path errLog = logDir.resolve(name + ".err.log");
        Path outLog = logDir.resolve(name + ".out.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(errLog.toFile()));
        if (cwd != null) {
            builder.directory(cwd.toFile());
        }
        builder.environment().putAll(env);
        Process process = builder.start();
        ChildProcess child = new ChildProcess(name, process, errLog);
        Thread reader = new Thread(() -> child.pump(outLog), name + "-stdout");
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    private void pump(Path outLog) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(outLog, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.write('\n');
                out.flush();
                lines.add(line);
            }
        } catch (IOException e) {
            // the process went away
        } finally {
            lines.add(EOF);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** The next line of standard output, null after {@code timeout}; fails once the process has ended. */
    public String nextLine(Duration timeout) throws InterruptedException {
        if (ended) {
            throw exited();
        }
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (EOF.equals(line)) {
            ended = true;
            throw exited();
        }
        return line;
    }

    /** The first line starting with {@code prefix} within {@code timeout}. */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = nextLine(Duration.ofMillis(200));
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException(name + " printed no '" + prefix.trim() + "' line within " + timeout.toSeconds()
                + " s (see " + errLog + ")");
    }

    private IllegalStateException exited() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String code = process.isAlive() ? "closed its output" : "exited with code " + process.exitValue();
        return new IllegalStateException(name + " " + code + ": " + tail(errLog, 8) + " (log: " + errLog + ")");
    }

    static String tail(Path file, int count) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(" | ", all.subList(Math.max(0, all.size() - count), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the process: SIGTERM, then SIGKILL after 10 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public Duration waitFor(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
