package io.tradewire.bench.measure;

/**
 * One reading of a process from {@code /proc}: CPU time used so far and resident memory.
 *
 * @param cpuMicros user + system CPU time since the process started, in microseconds (10 ms resolution)
 * @param rssBytes  resident set size now ({@code VmRSS})
 * @param hwmBytes  peak resident set size ({@code VmHWM})
 * @param threads   number of threads
 * @param atNanos   {@link System#nanoTime()} when it was read
 */
public record ProcSample(long pid, long cpuMicros, long rssBytes, long hwmBytes, int threads, long atNanos) {

    /** CPU used between two samples of the same process, as a fraction of one core (1.0 = one core busy). */
    public static double coresBetween(ProcSample from, ProcSample to) {
        long wall = to.atNanos - from.atNanos;
        return wall <= 0 ? Double.NaN : (to.cpuMicros - from.cpuMicros) * 1_000.0 / wall;
    }
}
