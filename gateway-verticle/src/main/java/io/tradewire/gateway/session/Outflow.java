package io.tradewire.gateway.session;

/**
 * What every session of one gateway verticle shares on its outbound path: the bounds, the counters, the clock
 * and a timer for held (throttled) messages.
 */
record Outflow(OutboundLimits limits, OutboundCounters counters, TimeSource time, Timers timers) {

    /** One-shot timers on the sessions' event loop. */
    interface Timers {
        void schedule(long delayMillis, Runnable task);
    }
}
