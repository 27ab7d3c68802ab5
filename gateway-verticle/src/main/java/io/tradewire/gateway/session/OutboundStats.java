package io.tradewire.gateway.session;

/**
 * What the gateway's outbound path did with slow clients, for a metrics layer to read (from any thread). Counters
 * only grow; the queued figures are gauges over every open session of this gateway verticle.
 */
public interface OutboundStats {
    /** Messages waiting in sessions' outbound queues now (their sockets are full). */
    long queuedMessages();

    /** Characters waiting in sessions' outbound queues now. */
    long queuedBytes();

    /** State-stream messages dropped because a newer state of the same stream replaced them in a queue. */
    long conflated();

    /** Book and ticker updates skipped by per-subscription throttles (a later update replaced them). */
    long throttled();

    /** Messages discarded with the queue of a session closed as a slow consumer. */
    long dropped();

    /** Sessions closed as slow consumers (1013). */
    long closedSlow();
}
