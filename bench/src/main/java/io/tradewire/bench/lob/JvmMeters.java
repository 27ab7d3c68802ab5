package io.tradewire.bench.lob;

import java.lang.management.ManagementFactory;

/**
 * Readings taken around a measured window besides the replaying thread's CPU time, each -1 when the JVM cannot tell:
 * <ul>
 *   <li>{@link #processCpu}: CPU time of the whole JVM (every thread: the engine's, the collector's, the compiler's),
 *   for comparing an engine on one thread with one that spreads a command over a pipeline of threads;</li>
 *   <li>{@link #threadAllocated}: heap the calling thread allocated, which, unlike time, does not move with the
 *   machine's speed or with other processes, so it compares two builds of the venue exactly on a noisy machine.</li>
 * </ul>
 */
final class JvmMeters {
    private static final com.sun.management.OperatingSystemMXBean OS =
            ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os : null;
    private static final com.sun.management.ThreadMXBean THREADS =
            ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported()
                    && t.isThreadAllocatedMemoryEnabled() ? t : null;

    private JvmMeters() {
    }

    /** The process's CPU time so far in nanoseconds, or -1. */
    static long processCpu() {
        return OS == null ? -1 : OS.getProcessCpuTime();
    }

    /** Bytes allocated by the calling thread so far, or -1. */
    static long threadAllocated() {
        return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
    }

    /** The growth of a reading per command between two readings, NaN when either is unknown. */
    static double perCommand(long from, long to, long commands) {
        return from < 0 || to < 0 || commands <= 0 ? Double.NaN : (double) (to - from) / commands;
    }
}
