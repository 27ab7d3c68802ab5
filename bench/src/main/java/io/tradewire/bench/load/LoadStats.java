package io.tradewire.bench.load;

import io.tradewire.bench.measure.LatencySummary;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Counters and latency recorders shared by the client verticles of one load generator (each on its own
 * event loop) and read by its main thread. Latencies are recorded in microseconds while {@link #measuring}.
 */
final class LoadStats {
    final LongAdder connected = new LongAdder();
    final LongAdder ready = new LongAdder();
    final LongAdder failed = new LongAdder();
    /** Sockets closed after they were ready (by the server or the network). */
    final LongAdder closed = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder receivedBytes = new LongAdder();
    final LongAdder windowReceived = new LongAdder();
    final LongAdder windowAcks = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder rounds = new LongAdder();
    /** Reconnect: clients that know a position, that were answered resume_response, streams not recovered, order faults. */
    final LongAdder positioned = new LongAdder();
    final LongAdder resumed = new LongAdder();
    final LongAdder fallbacks = new LongAdder();
    final LongAdder gaps = new LongAdder();
    final Recorder latency = new Recorder(1, LatencySummary.HIGHEST_MICROS, 3);
    final Recorder notify = new Recorder(1, LatencySummary.HIGHEST_MICROS, 3);
    final AtomicReference<String> firstError = new AtomicReference<>();

    volatile boolean measuring;
    /** Order flow: when the schedulers start and how long they issue rounds (0 = not yet). */
    volatile long runStartNanos;
    volatile double runSeconds;

    void error(String message) {
        firstError.compareAndSet(null, message);
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
