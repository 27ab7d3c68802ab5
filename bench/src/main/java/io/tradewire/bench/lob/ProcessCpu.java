package io.tradewire.bench.lob;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this whole JVM (every thread: the engine's, the garbage collector's, the JIT compiler's), for comparing
 * engines that use one thread with engines that spread a command over a pipeline of threads. NaN-free: {@link #now}
 * is -1 when the platform cannot tell.
 */
final class ProcessCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
            ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os : null;

    private ProcessCpu() {
    }

    /** The process's CPU time so far in nanoseconds, or -1 when unknown. */
    static long now() {
        return OS == null ? -1 : OS.getProcessCpuTime();
    }

    /** CPU ns per command between two readings of {@link #now}, NaN when either is unknown. */
    static double perCommand(long from, long to, long commands) {
        return from < 0 || to < 0 || commands <= 0 ? Double.NaN : (double) (to - from) / commands;
    }
}
