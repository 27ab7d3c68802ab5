package io.tradewire.gateway.session;

import java.util.concurrent.atomic.AtomicLong;

/** The {@link OutboundStats} of one gateway verticle: written on its event loop, readable from any thread. */
final class OutboundCounters implements OutboundStats {
    private final AtomicLong queuedMessages = new AtomicLong();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong conflated = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong closedSlow = new AtomicLong();

    /** A session's queue changed by this many messages and characters (negative: it shrank). */
    void queueChanged(long messages, long bytes) {
        if (messages != 0) {
            queuedMessages.addAndGet(messages);
        }
        if (bytes != 0) {
            queuedBytes.addAndGet(bytes);
        }
    }

    void conflatedOne() {
        conflated.incrementAndGet();
    }

    void throttledOne() {
        throttled.incrementAndGet();
    }

    void closedSlow(int droppedMessages) {
        closedSlow.incrementAndGet();
        dropped.addAndGet(droppedMessages);
    }

    @Override
    public long queuedMessages() {
        return queuedMessages.get();
    }

    @Override
    public long queuedBytes() {
        return queuedBytes.get();
    }

    @Override
    public long conflated() {
        return conflated.get();
    }

    @Override
    public long throttled() {
        return throttled.get();
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    @Override
    public long closedSlow() {
        return closedSlow.get();
    }
}
