package io.tradewire.gateway.session;

/**
 * The two clocks the sessions read: a monotonic one for every interval (liveness, rate limits, token expiry
 * deadlines) and the wall clock for what clients see (timestamps) and for turning a token's {@code exp} into a
 * deadline once. Tests substitute both.
 */
public interface TimeSource {
    /** The system's clocks: {@link System#nanoTime()} and {@link System#currentTimeMillis()}. */
    TimeSource SYSTEM = new TimeSource() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }
    };

    /** Monotonic nanoseconds (only differences mean anything). */
    long nanoTime();

    /** Wall-clock epoch milliseconds. */
    long currentTimeMillis();
}
