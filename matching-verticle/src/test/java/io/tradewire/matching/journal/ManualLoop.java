package io.tradewire.matching.journal;

import static org.assertj.core.api.Assertions.fail;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The venue thread in tests: the test thread itself, running what other threads post, when it asks. */
final class ManualLoop implements Executor {
    /** A hang guard only: no test outcome depends on time. */
    private static final long GUARD_SECONDS = 30;
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs whatever is posted already. */
    void runPending() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    /** Runs posted tasks until {@code done} holds. */
    void runUntil(BooleanSupplier done) throws InterruptedException {
        while (!done.getAsBoolean()) {
            Runnable task = tasks.poll(GUARD_SECONDS, TimeUnit.SECONDS);
            if (task == null) {
                fail("nothing was posted to the venue thread for " + GUARD_SECONDS + " s");
            }
            task.run();
        }
    }
}
