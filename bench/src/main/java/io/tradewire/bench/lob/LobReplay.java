package io.tradewire.bench.lob;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.HdrHistogram.Histogram;

/**
 * Replays a {@link LobStream} through one engine on the calling thread, the way the reference harness
 * (XcBench "book" mode) does: the prefill untimed, then the benchmark commands. A throughput pass times the
 * commands after {@link #WARM_UP} as a whole; a latency pass times every command after it on its own
 * ({@code System.nanoTime()} around each, so its figures include the clock's cost). A throughput pass also reads the
 * CPU time of the replaying thread around the measured window ({@link ThreadMXBean#getCurrentThreadCpuTime}): unlike
 * wall-clock time, other processes on the machine barely change it, so it compares engines on a shared machine. It
 * also reads the whole JVM's CPU time over the same window ({@link JvmMeters#processCpu}: collector and compiler
 * threads included), the figure to set beside an engine that spreads each command over several threads, and the heap the
 * replaying thread allocated ({@link JvmMeters#threadAllocated}), which the machine's speed does not move.
 */
public final class LobReplay {
    /** Benchmark commands replayed before measuring (JIT warm-up): throughput is over commands 2–5 M. */
    public static final int WARM_UP = 2_000_000;

    /** One engine's view of the stream's commands; a fresh one per pass. */
    public interface Engine {
        /** Executes command {@code i} of the stream. */
        void apply(LobStream s, int i);

        /** Fills reported since the last {@link #resetFills}. */
        long fills();

        void resetFills();
    }

    /**
     * @param opsPerSecond commands per second over the measured window, NaN for a latency pass
     * @param cpuNsPerCommand CPU time of the replaying thread per measured command, NaN for a latency pass or when
     *                        the JVM cannot measure thread CPU time
     * @param processCpuNsPerCommand CPU time of the whole JVM per measured command, NaN for a latency pass or when
     *                        unknown
     * @param allocatedBytesPerCommand heap the replaying thread allocated per measured command, NaN for a latency pass or
     *                        when unknown
     */
    public record Pass(double opsPerSecond, double cpuNsPerCommand, double processCpuNsPerCommand,
            double allocatedBytesPerCommand, long fills, Histogram latency) {
    }

    private LobReplay() {
    }

    public static int warmUp(LobStream s) {
        int n = s.params().commands();
        return n > WARM_UP ? WARM_UP : n / 2;
    }

    /** Replays the whole stream; fails when the engine's fill count is not the stream's. */
    public static Pass run(LobStream s, Engine engine, boolean timeEachCommand) {
        int measuredFrom = s.prefill() + warmUp(s);
        int total = s.size();
        for (int i = 0; i < s.prefill(); i++) {
            engine.apply(s, i);
        }
        engine.resetFills();
        Histogram h = timeEachCommand ? new Histogram(10_000_000_000L, 3) : null;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuTimed = h == null && threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        long t0 = 0;
        long c0 = 0;
        long p0 = -1;
        long a0 = -1;
        for (int i = s.prefill(); i < total; i++) {
            if (i == measuredFrom) {
                if (h == null) {
                    p0 = JvmMeters.processCpu();
                    a0 = JvmMeters.threadAllocated();
                }
                if (cpuTimed) c0 = threads.getCurrentThreadCpuTime();
                t0 = System.nanoTime();
            }
            if (h != null && i >= measuredFrom) {
                long s0 = System.nanoTime();
                engine.apply(s, i);
                h.recordValue(System.nanoTime() - s0);
            } else {
                engine.apply(s, i);
            }
        }
        long t1 = System.nanoTime();
        long c1 = cpuTimed ? threads.getCurrentThreadCpuTime() : 0;
        long p1 = h == null ? JvmMeters.processCpu() : -1;
        long a1 = h == null ? JvmMeters.threadAllocated() : -1;
        long fills = engine.fills();
        long expected = s.summary().fills();
        if (fills != expected) {
            throw new IllegalStateException(s.params().mix().label() + ": the engine reported " + fills
                    + " fills, the stream defines " + expected + " (fingerprint " + s.summary().fingerprintHex() + ")");
        }
        double ops = h != null ? Double.NaN : (total - measuredFrom) / ((t1 - t0) / 1e9);
        double cpu = cpuTimed ? (double) (c1 - c0) / (total - measuredFrom) : Double.NaN;
        long measured = total - measuredFrom;
        return new Pass(ops, cpu, JvmMeters.perCommand(p0, p1, measured), JvmMeters.perCommand(a0, a1, measured), fills, h);
    }
}
