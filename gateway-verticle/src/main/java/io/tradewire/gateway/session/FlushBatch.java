package io.tradewire.gateway.session;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * One flush per socket per batch of writes, instead of one per frame. A socket written to asks to be flushed; the
 * flush runs as a task on the gateway's event loop behind the tasks already waiting there, so every push that was
 * queued before it — a fan-out to many sockets, or a backlog of pushes — leaves each socket in one system call.
 * With nothing waiting, the flush follows the write at once. Event loop only.
 */
public final class FlushBatch {
    private final Context context;
    private List<Runnable> due = new ArrayList<>();
    private List<Runnable> spare = new ArrayList<>();
    private boolean scheduled;

    public FlushBatch(Context context) {
        this.context = context;
    }

    /** Runs {@code flush} once, after the tasks queued on the event loop so far (the caller asks once per batch). */
    void request(Runnable flush) {
        due.add(flush);
        if (!scheduled) {
            scheduled = true;
            context.runOnContext(v -> run());
        }
    }

    private void run() {
        scheduled = false;
        List<Runnable> flushes = due;
        due = spare;
        spare = flushes;
        for (Runnable flush : flushes) {
            flush.run();
        }
        flushes.clear();
    }
}
