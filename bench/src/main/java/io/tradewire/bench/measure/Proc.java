package io.tradewire.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads CPU time and memory of any local process from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status} (Linux). */
public final class Proc {
    /** Clock ticks per second of the times in {@code /proc/<pid>/stat}: USER_HZ, 100 on every Linux the JDK runs on. */
    static final long USER_HZ = 100;
    private static final Path PROC = Path.of("/proc");

    private Proc() {
    }

    /** A sample of a running process, or empty when it is gone or not readable (another machine, not Linux). */
    public static Optional<ProcSample> sample(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            String status = Files.readString(PROC.resolve(Long.toString(pid)).resolve("status"));
            return Optional.of(new ProcSample(pid, cpuMicros(stat), statusKib(status, "VmRSS") * 1024,
                    statusKib(status, "VmHWM") * 1024, (int) statusNumber(status, "Threads"), System.nanoTime()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * One sample of several processes (the nodes of a cluster run) added up: CPU time, resident memory, peak memory
     * and threads are sums, the pid is the first one's. Empty when any of them cannot be read.
     */
    public static Optional<ProcSample> sampleAll(List<Long> pids) {
        ProcSample total = null;
        for (long pid : pids) {
            Optional<ProcSample> one = sample(pid);
            if (one.isEmpty()) {
                return Optional.empty();
            }
            ProcSample s = one.get();
            total = total == null ? s : new ProcSample(total.pid(), total.cpuMicros() + s.cpuMicros(), total.rssBytes() + s.rssBytes(),
                    total.hwmBytes() + s.hwmBytes(), total.threads() + s.threads(), s.atNanos());
        }
        return Optional.ofNullable(total);
    }

    /** utime + stime (fields 14 and 15 of {@code /proc/<pid>/stat}) in microseconds. */
    static long cpuMicros(String stat) {
        long ticks = Long.parseLong(statField(stat, 14)) + Long.parseLong(statField(stat, 15));
        return ticks * (1_000_000 / USER_HZ);
    }

    /**
     * Field {@code number} (from 3, the state, on; numbered as in proc(5)) of a {@code /proc/.../stat} line. The command
     * name (field 2) is in parentheses and may itself hold spaces and parentheses, so fields are counted from the last
     * {@code ')'}.
     */
    static String statField(String stat, int number) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc stat line");
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        if (fields.length < number - 2) {
            throw new IllegalArgumentException("/proc stat line too short for field " + number);
        }
        return fields[number - 3];
    }

    /** A {@code Key:   1234 kB} line of {@code /proc/<pid>/status}, in KiB (0 when absent, as for kernel threads). */
    static long statusKib(String status, String key) {
        return statusNumber(status, key);
    }

    private static long statusNumber(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key + ":")) {
                String value = line.substring(key.length() + 1).trim();
                int space = value.indexOf(' ');
                return Long.parseLong(space < 0 ? value : value.substring(0, space));
            }
        }
        return 0;
    }

    /** Total memory of the machine from {@code /proc/meminfo}, in bytes (0 when unknown). */
    public static long memTotalBytes() {
        try {
            return statusKib(Files.readString(PROC.resolve("meminfo")), "MemTotal") * 1024;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The CPU model from {@code /proc/cpuinfo}, or "unknown CPU". */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(PROC.resolve("cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown CPU";
    }

    /**
     * CPU time the whole machine has spent busy (user, nice, system, irq, softirq, steal: everything but idle
     * and iowait) since boot, from the first line of {@code /proc/stat}, in microseconds; -1 when unknown.
     */
    public static long machineBusyMicros() {
        try {
            return busyMicros(Files.readString(PROC.resolve("stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long busyMicros(String stat) {
        String first = stat.substring(0, stat.indexOf('\n') < 0 ? stat.length() : stat.indexOf('\n'));
        String[] fields = first.trim().split("\\s+");
        if (!fields[0].equals("cpu") || fields.length < 9) {
            throw new IllegalArgumentException("not /proc/stat");
        }
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += Long.parseLong(fields[i]);
        }
        return busy * (1_000_000 / USER_HZ);
    }

    /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or "unknown". */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(PROC.resolve("loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The soft limit on open files of this process (inherited by the processes it starts), or -1. */
    public static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(PROC.resolve("self").resolve("limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
                    return parts[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(parts[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
