package io.tradewire.bench.lob;

import java.lang.management.ManagementFactory;

/**
 * Bytes the calling thread allocated so far. Unlike time, a replay's allocation per command does not move with the
 * machine's speed or with other processes, so it compares two builds of the venue exactly on a noisy machine.
 */
final class ThreadAllocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported()
                    && t.isThreadAllocatedMemoryEnabled() ? t : null;

    private ThreadAllocation() {
    }

    /** Bytes allocated by this thread so far, or -1 when the JVM cannot tell. */
    static long now() {
        return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Bytes per command between two readings of {@link #now}, NaN when either is unknown. */
    static double perCommand(long from, long to, long commands) {
        return from < 0 || to < 0 || commands <= 0 ? Double.NaN : (double) (to - from) / commands;
    }
}
