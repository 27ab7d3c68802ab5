package io.tradewire.matching.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/** File channels with injected faults, for tests outside this package. */
public final class TestChannels {
    private TestChannels() {
    }

    /** A channel whose fsync fails with an I/O error while {@code broken} is set. */
    public static final class FailingForce extends FaultyChannel {
        public FailingForce(FileChannel delegate, AtomicBoolean broken) {
            super(delegate, new Hook() {
                @Override
                public void beforeForce(FaultyChannel channel, boolean metaData) throws IOException {
                    if (broken.get()) {
                        throw new IOException("EIO (injected)");
                    }
                }
            });
        }
    }
}
