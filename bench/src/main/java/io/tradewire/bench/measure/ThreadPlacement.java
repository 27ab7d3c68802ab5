package io.tradewire.bench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Where one thread runs, on Linux: which CPU it was on, sampled from {@code /proc/self/task/<tid>/stat} by a daemon
 * thread, and how many device interrupts each CPU took meanwhile ({@code /proc/interrupts}). On a VM whose disk interrupts all
 * go to one CPU, a journaled venue thread on that CPU does far less per second than on the other (docs/BENCHMARKS.md);
 * this says which it was. {@link #pinCurrentThread} fixes it instead (with {@code taskset}: Java has no call for it).
 */
public final class ThreadPlacement {
    private static final Path PROC = Path.of("/proc");

    /** The share of samples the thread was on each CPU, and the device interrupts each CPU took between start and stop. */
    public record Placement(int samples, double[] cpuShare, long[] interruptsPerCpu) {
    }

    private final Path stat;
    private final long[] interruptsBefore;
    private final List<Integer> seen = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean stopping;

    /** Starts sampling, with the first sample already taken (so there is always at least one). */
    private ThreadPlacement(Path stat, int firstSample, long[] interruptsBefore, long periodNanos) {
        this.stat = stat;
        this.interruptsBefore = interruptsBefore;
        seen.add(firstSample);
        this.sampler = new Thread(() -> sample(periodNanos), "tradewire-placement");
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * Starts sampling the calling thread every {@code periodNanos} from a daemon thread it starts (which inherits its
     * CPU affinity); empty where {@code /proc} cannot tell (not Linux).
     */
    public static Optional<ThreadPlacement> ofCurrentThread(long periodNanos) {
        try {
            return ofThread(currentTid(), periodNanos);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Starts sampling thread {@code tid} of this process every {@code periodNanos}; empty where {@code /proc} cannot tell. */
    public static Optional<ThreadPlacement> ofThread(long tid, long periodNanos) {
        try {
            Path stat = PROC.resolve("self").resolve("task").resolve(Long.toString(tid)).resolve("stat");
            int first = processor(Files.readString(stat, StandardCharsets.US_ASCII));
            return Optional.of(new ThreadPlacement(stat, first, interruptsPerCpu(Files.readString(PROC.resolve("interrupts"))),
                    periodNanos));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The kernel's id of this process's thread whose name starts with {@code prefix}, if there is exactly one. The kernel
     * keeps the first 15 characters of a Java thread's name ({@code /proc/self/task/<tid>/comm}), so the prefix must be
     * at most that long.
     */
    public static OptionalLong threadNamed(String prefix) {
        if (prefix.length() > 15) {
            throw new IllegalArgumentException("the kernel keeps 15 characters of a thread name, '" + prefix + "' is longer");
        }
        try (Stream<Path> tasks = Files.list(PROC.resolve("self").resolve("task"))) {
            long[] found = tasks.filter(task -> {
                try {
                    return Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).startsWith(prefix);
                } catch (IOException e) {
                    return false; // ended meanwhile
                }
            }).mapToLong(task -> Long.parseLong(task.getFileName().toString())).toArray();
            return found.length == 1 ? OptionalLong.of(found[0]) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The kernel's id of the calling thread ({@code /proc/thread-self} links to {@code <pid>/task/<tid>}). */
    public static long currentTid() throws IOException {
        Path link = Files.readSymbolicLink(PROC.resolve("thread-self"));
        return Long.parseLong(link.getFileName().toString());
    }

    /** The CPUs the calling thread may run on, as a list such as {@code 0-1} ({@code Cpus_allowed_list}). */
    public static String allowedCpus() throws IOException {
        return allowedCpus(currentTid());
    }

    /** The CPUs thread {@code tid} of this process may run on, as a list such as {@code 0-1}. */
    public static String allowedCpus(long tid) throws IOException {
        Path status = PROC.resolve("self").resolve("task").resolve(Long.toString(tid)).resolve("status");
        for (String line : Files.readString(status).split("\n")) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring("Cpus_allowed_list:".length()).trim();
            }
        }
        throw new IOException("no Cpus_allowed_list in " + status);
    }

    /**
     * Lets the calling thread run on the CPUs of {@code cpus} only (a list such as {@code 0} or {@code 0-1}). Threads it
     * starts afterwards inherit that.
     *
     * @throws IllegalStateException when it could not be done (not Linux, no {@code taskset}, no such CPU)
     */
    public static void pinCurrentThread(String cpus) {
        try {
            pin(currentTid(), cpus);
        } catch (IOException e) {
            throw new IllegalStateException("could not pin this thread to CPUs " + cpus + " (Linux only): " + e.getMessage(), e);
        }
    }

    /**
     * Lets thread {@code tid} run on the CPUs of {@code cpus} only ({@code taskset -p -c <cpus> <tid>}).
     *
     * @throws IllegalStateException when it could not be done (not Linux, no {@code taskset}, no such CPU or thread)
     */
    public static void pin(long tid, String cpus) {
        try {
            Process taskset = new ProcessBuilder("taskset", "-p", "-c", cpus, Long.toString(tid)).redirectErrorStream(true).start();
            String output = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!taskset.waitFor(10, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
                throw new IllegalStateException("could not pin thread " + tid + " to CPUs " + cpus + " with taskset: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not pin thread " + tid + " to CPUs " + cpus + " (taskset, Linux only): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pinning thread " + tid + " to CPUs " + cpus, e);
        }
    }

    /** Stops sampling; what was seen since the start. */
    public Placement stop() {
        stopping = true;
        LockSupport.unpark(sampler);
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long[] interrupts;
        try {
            long[] after = interruptsPerCpu(Files.readString(PROC.resolve("interrupts")));
            interrupts = new long[Math.min(after.length, interruptsBefore.length)];
            for (int cpu = 0; cpu < interrupts.length; cpu++) {
                interrupts[cpu] = after[cpu] - interruptsBefore[cpu];
            }
        } catch (IOException | RuntimeException e) {
            interrupts = new long[0];
        }
        synchronized (seen) {
            return new Placement(seen.size(), shares(seen, Math.max(interrupts.length, Runtime.getRuntime().availableProcessors())),
                    interrupts);
        }
    }

    private void sample(long periodNanos) {
        while (true) {
            LockSupport.parkNanos(periodNanos);
            if (stopping) {
                return;
            }
            try {
                int cpu = processor(Files.readString(stat, StandardCharsets.US_ASCII));
                synchronized (seen) {
                    seen.add(cpu);
                }
            } catch (IOException | RuntimeException e) {
                return; // the thread is gone
            }
        }
    }

    /** The share of {@code cpus} CPUs in the samples (a CPU past that count widens the array). */
    static double[] shares(List<Integer> samples, int cpus) {
        int width = Math.max(cpus, samples.stream().mapToInt(cpu -> cpu + 1).max().orElse(0));
        long[] count = new long[width];
        samples.forEach(cpu -> count[cpu]++);
        double[] share = new double[width];
        for (int cpu = 0; cpu < width; cpu++) {
            share[cpu] = samples.isEmpty() ? 0 : (double) count[cpu] / samples.size();
        }
        return share;
    }

    /** The CPU the task last ran on: field 39 of a {@code /proc/.../stat} line. */
    static int processor(String stat) {
        return Integer.parseInt(Proc.statField(stat, 39));
    }

    /**
     * Device interrupts per CPU so far, summed over the numbered lines of {@code /proc/interrupts} (its header names the
     * CPUs; each line has its IRQ number and then one count per CPU). The named lines (the local timer, rescheduling and
     * other inter-processor interrupts) are left out: they are there whatever the disk does.
     */
    static long[] interruptsPerCpu(String interrupts) {
        String[] lines = interrupts.split("\n");
        int cpus = (int) Arrays.stream(lines[0].trim().split("\\s+")).filter(name -> name.startsWith("CPU")).count();
        if (cpus == 0) {
            throw new IllegalArgumentException("no CPU columns in the header of /proc/interrupts");
        }
        long[] total = new long[cpus];
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].trim().split("\\s+");
            if (fields.length < cpus + 1 || !fields[0].matches("\\d+:")) {
                continue;
            }
            for (int cpu = 0; cpu < cpus; cpu++) {
                String count = fields[cpu + 1];
                if (count.isEmpty() || !count.chars().allMatch(Character::isDigit)) {
                    break;
                }
                total[cpu] += Long.parseLong(count);
            }
        }
        return total;
    }
}
