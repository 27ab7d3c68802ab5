package io.tradewire.broker;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * A read that bursts of triggers share: while one runs, further triggers only mark it stale, and one more read follows
 * when it ends. Used for state a broker does not stream (re-read after the pushes that change it). Not thread-safe: one
 * context calls it.
 */
public final class Coalesced {
    private final Supplier<Future<?>> read;
    private boolean running;
    private boolean stale;

    public Coalesced(Supplier<Future<?>> read) {
        this.read = read;
    }

    public void trigger() {
        if (running) {
            stale = true;
            return;
        }
        running = true;
        stale = false;
        read.get().onComplete(done -> {
            running = false;
            if (stale) {
                trigger();
            }
        });
    }
}
