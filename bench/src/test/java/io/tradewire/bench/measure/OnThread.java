package io.tradewire.bench.measure;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/** Runs a test's body on a thread of its own (so that pinning it leaves the test runner's thread alone). */
public final class OnThread {
    private OnThread() {
    }

    /** {@code body}'s result, computed on a new thread named {@code name}; what it threw is thrown here. */
    public static <T> T call(String name, Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(body.call());
            } catch (Exception e) {
                failure.set(e);
            }
        }, name);
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }
}
