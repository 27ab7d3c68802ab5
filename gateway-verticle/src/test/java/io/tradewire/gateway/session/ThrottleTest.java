package io.tradewire.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.Push;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The throttle driven by a simulated clock and timer, with seeded random arrivals. */
class ThrottleTest {
    private static final long MS = 1_000_000L;

    private static Push push(long seq) {
        return new Push("market.IX2301.book", 1, seq, new BookChanged("IX2301", List.of(), List.of(), seq));
    }

    /** One send: when, and which sequence number. */
    private record Sent(long at, long seq) {
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42, 2_024, 99_991})
    @DisplayName("Sends are at least 1/N s apart, nothing is sent twice or out of order, and the last update always goes out")
    void spacedOrderedAndEndingOnTheLatest(long seed) {
        Random random = new Random(seed);
        int maxPerSecond = 1 + random.nextInt(50);
        long interval = 1_000_000_000L / maxPerSecond;
        Throttle throttle = new Throttle(maxPerSecond);
        PriorityQueue<Long> timers = new PriorityQueue<>();
        List<Sent> sent = new ArrayList<>();
        int skipped = 0;
        long now = random.nextInt(1_000) * MS;
        long seq = 0;
        for (int i = 0; i < 5_000; i++) {
            // Bursts and gaps: many arrivals within microseconds, then pauses up to two intervals.
            long next = now + (random.nextInt(4) == 0 ? random.nextLong(2 * interval) : random.nextInt(200_000));
            while (!timers.isEmpty() && timers.peek() <= next) {
                long at = timers.poll();
                Push released = throttle.release(at);
                if (released != null) {
                    sent.add(new Sent(at, released.seq()));
                }
            }
            now = next;
            Push push = push(++seq);
            switch (throttle.offer(push, now)) {
                case SEND -> sent.add(new Sent(now, push.seq()));
                case HOLD_AND_SCHEDULE -> timers.add(now + throttle.dueIn(now));
                case REPLACE -> skipped++;
            }
        }
        while (!timers.isEmpty()) {
            long at = timers.poll();
            Push released = throttle.release(at);
            if (released != null) {
                sent.add(new Sent(at, released.seq()));
            }
        }
        assertThat(sent).isNotEmpty();
        assertThat(sent.get(sent.size() - 1).seq()).as("ends on the latest update").isEqualTo(seq);
        for (int i = 1; i < sent.size(); i++) {
            assertThat(sent.get(i).at() - sent.get(i - 1).at()).as("spacing of send %d", i).isGreaterThanOrEqualTo(interval);
            assertThat(sent.get(i).seq()).as("order of send %d", i).isGreaterThan(sent.get(i - 1).seq());
        }
        // Every update was either sent, or skipped because a later one replaced it while held.
        assertThat(sent.size() + skipped).isEqualTo((int) seq);
    }

    @Test
    @DisplayName("Only market books and tickers can be throttled")
    void applies() {
        assertThat(Throttle.applies("market.IX2301.book")).isTrue();
        assertThat(Throttle.applies("market.IX2301.ticker")).isTrue();
        assertThat(Throttle.applies("market.IX2301.trades")).isFalse();
        assertThat(Throttle.applies("market.IX2301.bar.1m")).isFalse();
        assertThat(Throttle.applies("user.u1.account")).isFalse();
        assertThat(Throttle.applies("not a stream")).isFalse();
    }
}
