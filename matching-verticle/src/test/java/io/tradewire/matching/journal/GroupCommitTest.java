package io.tradewire.matching.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.ErrorCode;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderView;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Group commit and the order of outcomes, with the first fsync held in flight on purpose. */
class GroupCommitTest {
    private final CountDownLatch inFlight = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger dataForces = new AtomicInteger();
    private final AtomicInteger dataWrites = new AtomicInteger();

    private FileChannel open(Path file, OpenOption... options) throws IOException {
        return new FaultyChannel(FileChannel.open(file, options), new FaultyChannel.Hook() {
            @Override
            public void beforeWrite(FaultyChannel channel, int bytes) {
                dataWrites.incrementAndGet();
            }

            @Override
            public void beforeForce(FaultyChannel channel, boolean metaData) throws IOException {
                if (metaData) {
                    return; // segment creation
                }
                if (dataForces.incrementAndGet() == 1) {
                    inFlight.countDown();
                    try {
                        if (!release.await(30, TimeUnit.SECONDS)) { // a hang guard
                            throw new IOException("never released");
                        }
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
            }
        });
    }

    private static SubmitOrder buy(String user, String price) {
        return new SubmitOrder(user, null, "AAPL", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, new BigDecimal(price), BigDecimal.ONE,
                OrderSource.API);
    }

    @Test
    @DisplayName("Commands that arrive while an fsync is in flight share the next one; outcomes leave in arrival order, queries too")
    void oneFsyncPerGroup() throws Exception {
        try (Harness harness = new Harness(Harness.newDir("group-"), true, JournalWriter.DEFAULT_SEGMENT_BYTES, this::open,
                1_700_000_000_000L)) {
            assertThat(harness.handle(buy("u1", "190.00"), 1_700_000_000_001L, "first")).isEqualTo(1);
            assertThat(inFlight.await(30, TimeUnit.SECONDS)).as("first fsync started").isTrue();
            int writesBefore = dataWrites.get();

            for (int i = 0; i < 50; i++) {
                harness.handle(buy("u" + (i % 5), "190.0" + (i % 10)), 1_700_000_000_002L + i, "next-" + i);
            }
            harness.handle(new QueryAccount("u1"), 1_700_000_000_100L, "query");
            harness.handle(buy("u1", "0.001"), 1_700_000_000_101L, "rejected"); // off the tick grid: no record
            harness.loop.runPending();
            assertThat(harness.delivered).as("nothing leaves before its fsync").isEmpty();

            release.countDown();
            harness.drain(53);

            assertThat(dataForces.get()).as("fsyncs for 51 records").isEqualTo(2);
            assertThat(dataWrites.get() - writesBefore).as("writes of the second group").isEqualTo(1);
            assertThat(harness.delivered).extracting(Outcome::context).first().isEqualTo("first");
            assertThat(harness.delivered.subList(1, 51)).extracting(Outcome::context)
                    .containsExactly(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "next-" + i).toArray());
            // The query saw all 51 orders and left after them; the rejection after the query.
            Outcome query = harness.delivered.get(51);
            assertThat(query.context()).isEqualTo("query");
            assertThat(((AccountView) query.reply()).frozen()).isPositive();
            assertThat(harness.delivered.get(52)).extracting(Outcome::context, Outcome::errorCode)
                    .containsExactly("rejected", ErrorCode.INVALID_PRICE);
            assertThat(harness.delivered.get(0).reply()).isInstanceOf(OrderView.class);
            assertThat(harness.delivered.get(0).events()).isNotEmpty();
        }
    }
}
