package io.tradewire.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Side;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.Tick;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.PositionView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The outbound queue against a plain reference model, with seeded random offers and polls. */
class OutboundQueueTest {

    /** The reference: a list where a keyed frame removes the waiting one of its key and joins the back. */
    private static final class Model {
        final List<Frame> frames = new ArrayList<>();
        final List<String> keys = new ArrayList<>();

        boolean offer(Frame frame, String key) {
            boolean replaced = false;
            if (key != null) {
                int at = keys.indexOf(key);
                if (at >= 0) {
                    frames.remove(at);
                    keys.remove(at);
                    replaced = true;
                }
            }
            frames.add(frame);
            keys.add(key);
            return replaced;
        }

        Frame poll() {
            if (frames.isEmpty()) {
                return null;
            }
            keys.remove(0);
            return frames.remove(0);
        }

        long bytes() {
            return frames.stream().mapToLong(Frame::size).sum();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1_000, 77_777, 123_456_789})
    @DisplayName("Frames leave in order, a keyed frame supersedes the waiting one of its key, and the bounds are exact")
    void behavesLikeTheModel(long seed) {
        Random random = new Random(seed);
        int maxMessages = 1 + random.nextInt(40);
        int maxBytes = 1_024 + random.nextInt(4_096);
        OutboundQueue queue = new OutboundQueue(new OutboundLimits(maxMessages, maxBytes, 1_024));
        Model model = new Model();
        int keyCount = 1 + random.nextInt(6);
        for (int step = 0; step < 5_000; step++) {
            if (random.nextInt(100) < 55) {
                Frame frame = new Frame("x".repeat(1 + random.nextInt(300)) + step);
                String key = random.nextInt(3) == 0 ? null : "k" + random.nextInt(keyCount);
                boolean replaced = model.offer(frame, key);
                OutboundQueue.Offer offer = queue.offer(frame, key);
                boolean over = model.frames.size() > maxMessages || model.bytes() > maxBytes;
                assertThat(offer).as("step %d", step).isEqualTo(over ? OutboundQueue.Offer.OVERFLOW
                        : replaced ? OutboundQueue.Offer.CONFLATED : OutboundQueue.Offer.QUEUED);
                if (over) {
                    assertThat(queue.clear()).isEqualTo(model.frames.size());
                    model.frames.clear();
                    model.keys.clear();
                }
            } else {
                assertThat(queue.poll()).as("step %d", step).isSameAs(model.poll());
            }
            assertThat(queue.messages()).isEqualTo(model.frames.size());
            assertThat(queue.bytes()).isEqualTo(model.bytes());
            assertThat(queue.isEmpty()).isEqualTo(model.frames.isEmpty());
        }
        Frame next;
        while ((next = queue.poll()) != null) {
            assertThat(next).isSameAs(model.poll());
        }
        assertThat(model.frames).isEmpty();
    }

    @Test
    @DisplayName("A client behind on state streams only holds one frame per key, however many states it misses")
    void stateStreamsStayBounded() {
        OutboundQueue queue = new OutboundQueue(new OutboundLimits(3, 1_024, 1_024));
        for (int i = 0; i < 100_000; i++) {
            assertThat(queue.offer(new Frame("book " + i), "market.IX2301.book")).isNotEqualTo(OutboundQueue.Offer.OVERFLOW);
            assertThat(queue.offer(new Frame("account " + i), "user.u1.account")).isNotEqualTo(OutboundQueue.Offer.OVERFLOW);
        }
        assertThat(queue.poll().text()).isEqualTo("book 99999");
        assertThat(queue.poll().text()).isEqualTo("account 99999");
        assertThat(queue.poll()).isNull();
    }

    @Test
    @DisplayName("Books, accounts and positions (per instrument) conflate; tickers, trades, orders and snapshots do not")
    void conflationKeys() {
        BookChanged book = new BookChanged("IX2301", List.of(), List.of(), 1);
        assertThat(OutboundQueue.conflationKey(new Push("market.IX2301.book", 1, 1, book))).isEqualTo("market.IX2301.book");
        AccountView account = new AccountView("u1", "CNY", BigDecimal.TEN, BigDecimal.TEN, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 1);
        assertThat(OutboundQueue.conflationKey(new Push("user.u1.account", 1, 1, new AccountChanged(account))))
                .isEqualTo("user.u1.account");
        PositionView position = new PositionView("u1", "IF2301", BigDecimal.ONE, BigDecimal.TEN, BigDecimal.ZERO, null,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.TEN, 1);
        assertThat(OutboundQueue.conflationKey(new Push("user.u1.positions", 1, 1, new PositionChanged(position))))
                .isEqualTo("user.u1.positions/IF2301");
        Tick tick = new Tick("T1", "IX2301", BigDecimal.TEN, BigDecimal.ONE, Side.BUY, 1);
        assertThat(OutboundQueue.conflationKey(new Push("market.IX2301.ticker", 1, 1, tick))).isNull();
        assertThat(OutboundQueue.conflationKey(new Push("market.IX2301.trades", 1, 1, tick))).isNull();
        assertThat(OutboundQueue.conflationKey(new Push("market.IX2301.bar.1m", 1, 1, tick))).isNull();
    }

    @Test
    @DisplayName("A stream's conflation, worked out once from its key, gives each push the key it would get on its own")
    void conflationPerStream() {
        assertThat(OutboundQueue.Conflation.of("market.IX2301.book")).isEqualTo(OutboundQueue.Conflation.STREAM);
        assertThat(OutboundQueue.Conflation.of("user.u1.account")).isEqualTo(OutboundQueue.Conflation.STREAM);
        assertThat(OutboundQueue.Conflation.of("user.u1.positions")).isEqualTo(OutboundQueue.Conflation.PER_INSTRUMENT);
        for (String stream : List.of("user.u1.orders", "user.u1.trades", "market.IX2301.ticker", "market.IX2301.trades",
                "market.IX2301.bar.1m", "market.cn.summary", "not a stream")) {
            assertThat(OutboundQueue.Conflation.of(stream)).as(stream).isEqualTo(OutboundQueue.Conflation.NONE);
        }
        PositionView position = new PositionView("u1", "IF2301", BigDecimal.ONE, BigDecimal.TEN, BigDecimal.ZERO, null,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.TEN, 1);
        Tick tick = new Tick("T1", "IX2301", BigDecimal.TEN, BigDecimal.ONE, Side.BUY, 1);
        for (Push push : List.of(new Push("user.u1.positions", 1, 1, new PositionChanged(position)),
                new Push("user.u1.positions", 1, 2, tick), new Push("market.IX2301.book", 1, 1, tick),
                new Push("market.IX2301.ticker", 1, 1, tick))) {
            FanOut fanOut = new FanOut(push, OutboundQueue.Conflation.of(push.stream()));
            assertThat(fanOut.conflationKey()).as(push.stream()).isEqualTo(OutboundQueue.conflationKey(push))
                    .isEqualTo(new FanOut(push).conflationKey());
        }
        assertThat(new FanOut(new Push("user.u1.positions", 1, 1, new PositionChanged(position))).conflationKey())
                .isEqualTo("user.u1.positions/IF2301");
    }
}
