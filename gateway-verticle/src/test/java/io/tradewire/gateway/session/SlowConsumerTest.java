package io.tradewire.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.DialectSettings;
import io.tradewire.gateway.exchange.ExchangeCodec;
import io.tradewire.gateway.spi.DialectCodecContract;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.model.Side;
import io.tradewire.model.config.ConfigReader;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.Tick;
import io.tradewire.model.view.BookLevel;
import io.tradewire.gateway.session.SessionLimitsTest.Recorder;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sessions over a transport whose buffer the test fills and drains by hand: queueing, conflation, the slow-consumer
 * close, and per-subscription throttles with a hand-run timer. No Vert.x, no clock but the test's.
 */
class SlowConsumerTest {
    private static final String TICKER = "market.IX2301.ticker";
    private static final String BOOK = "market.IX2301.book";
    private static final DialectSettings SETTINGS = new DialectSettings("/ws", Duration.ofSeconds(5), Duration.ofHours(1));

    private final SessionLimitsTest.FakeTime time = new SessionLimitsTest.FakeTime();
    private final List<Runnable> timers = new ArrayList<>();
    private final OutboundCounters counters = new OutboundCounters();
    private ExchangeCodec codec;
    private long sessions;

    /** The pushes of one type a transport received, in order. */
    private static List<JsonObject> pushes(Recorder transport, String type) {
        return transport.written.stream().map(JsonObject::new).filter(frame -> type.equals(frame.getString("type"))).toList();
    }

    @BeforeEach
    void setUp() {
        codec = new ExchangeCodec();
        codec.configure(new DialectContext(DialectCodecContract.testInstruments(), ConfigReader.of(new JsonObject(), "gateway.exchange")));
    }

    private Session open(Recorder transport, OutboundLimits limits) {
        return open(transport, limits, SETTINGS);
    }

    private Session open(Recorder transport, OutboundLimits limits, DialectSettings settings) {
        Outflow outflow = new Outflow(limits, counters, time, (delay, task) -> timers.add(task));
        Session session = new Session("s" + ++sessions, codec, settings, transport, new Handshake(Map.of(), Map.of(), "127.0.0.1"),
                millis(), SessionLimits.UNLIMITED, time.nanoTime(), outflow, SessionMetrics.NONE);
        session.addStream(TICKER);
        session.addStream(BOOK);
        return session;
    }

    private long millis() {
        return time.nanoTime() / 1_000_000;
    }

    private static Push tick(long seq) {
        return new Push(TICKER, 7, seq, new Tick("T" + seq, "IX2301", BigDecimal.valueOf(120 + seq % 10), BigDecimal.ONE, Side.BUY, seq));
    }

    private static Push book(long seq) {
        return new Push(BOOK, 7, seq, new BookChanged("IX2301", List.of(new BookLevel(BigDecimal.valueOf(100 + seq), BigDecimal.ONE, 1)),
                List.of(), seq));
    }

    private static void deliver(Push push, Session... to) {
        FanOut frames = new FanOut(push);
        for (Session session : to) {
            session.deliver(push, frames);
        }
    }

    private static List<Long> seqs(List<JsonObject> frames) {
        return frames.stream().map(frame -> frame.getLong("seq")).toList();
    }

    @Test
    @DisplayName("While its socket is full a session's frames wait; the book keeps only its latest state, tickers all, in order")
    void queuesConflatesAndDrains() {
        Recorder transport = new Recorder();
        Session session = open(transport, new OutboundLimits(1_000, 1_048_576, 1_024));
        deliver(tick(1), session);
        deliver(book(1), session);
        transport.full = true;
        for (long seq = 2; seq <= 50; seq++) {
            deliver(tick(seq), session);
            deliver(book(seq), session);
        }
        assertThat(session.queuedFrames()).isEqualTo(49 + 1);
        assertThat(counters.queuedMessages()).isEqualTo(50);
        assertThat(counters.conflated()).isEqualTo(48);

        transport.full = false;
        session.drain();
        assertThat(seqs(pushes(transport, "ticker"))).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList());
        assertThat(seqs(pushes(transport, "orderbook"))).containsExactly(1L, 50L);
        assertThat(transport.last().getString("type")).as("the latest book follows the tickers sent before it").isEqualTo("orderbook");
        assertThat(session.queuedFrames()).isZero();
        assertThat(counters.queuedMessages()).isZero();
        assertThat(counters.queuedBytes()).isZero();
        assertThat(transport.closedWith).isNull();
    }

    @Test
    @DisplayName("A push of one session alone (replayed from history, no shared rendering) is written and conflates like any other")
    void pushWithoutSharedRendering() {
        Recorder transport = new Recorder();
        Session session = open(transport, new OutboundLimits(1_000, 1_048_576, 1_024));
        session.deliver(tick(1), null);
        transport.full = true;
        session.deliver(book(2), null);
        session.deliver(book(3), null);
        assertThat(session.queuedFrames()).as("the second book replaced the first").isEqualTo(1);
        transport.full = false;
        session.drain();
        assertThat(seqs(pushes(transport, "ticker"))).containsExactly(1L);
        assertThat(seqs(pushes(transport, "orderbook"))).containsExactly(3L);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 11, 2_026})
    @DisplayName("A session that stops reading is closed with 1013 and the dialect's error; another on the same pushes misses nothing")
    void slowSessionClosedOthersUnharmed(long seed) {
        Random random = new Random(seed);
        int maxMessages = 5 + random.nextInt(100);
        Recorder slowTransport = new Recorder();
        Recorder healthyTransport = new Recorder();
        Session slow = open(slowTransport, new OutboundLimits(maxMessages, 1_048_576, 1_024));
        Session healthy = open(healthyTransport, new OutboundLimits(maxMessages, 1_048_576, 1_024));
        int stopsReadingAt = random.nextInt(50);
        int total = stopsReadingAt + maxMessages + 1 + random.nextInt(200);
        for (long seq = 1; seq <= total; seq++) {
            if (seq == stopsReadingAt + 1) {
                slowTransport.full = true;
            }
            // The healthy client's buffer fills now and then too, and drains again: it never goes past the bound.
            healthyTransport.full = random.nextInt(4) == 0;
            deliver(tick(seq), slow, healthy);
            if (!healthyTransport.full) {
                healthy.drain();
            }
        }
        healthyTransport.full = false;
        healthy.drain();

        assertThat(seqs(pushes(healthyTransport, "ticker")))
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
        assertThat(healthyTransport.closedWith).isNull();

        assertThat(slowTransport.closedWith).isEqualTo("1013 Slow consumer");
        assertThat(seqs(pushes(slowTransport, "ticker")))
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, stopsReadingAt).boxed().toList());
        JsonObject error = slowTransport.last();
        assertThat(error.getString("type")).isEqualTo("error");
        assertThat(error.getInteger("code")).isEqualTo(503);
        assertThat(error.getInteger("close_code")).isEqualTo(1013);
        assertThat(error.getString("message")).startsWith("Slow consumer");
        assertThat(counters.closedSlow()).isEqualTo(1);
        assertThat(counters.dropped()).isEqualTo(maxMessages + 1);
        assertThat(counters.queuedMessages()).isZero();
    }

    @Test
    @DisplayName("The byte bound closes a slow session too; a session that only falls behind on its book is never closed")
    void byteBoundAndStateOnly() {
        Recorder bookOnly = new Recorder();
        Recorder tickers = new Recorder();
        Session books = open(bookOnly, new OutboundLimits(10, 4_096, 1_024));
        Session ticks = open(tickers, new OutboundLimits(10_000, 4_096, 1_024));
        bookOnly.full = true;
        tickers.full = true;
        for (long seq = 1; seq <= 5_000; seq++) {
            deliver(book(seq), books);
            if (tickers.closedWith == null) {
                deliver(tick(seq), ticks);
            }
        }
        assertThat(bookOnly.closedWith).isNull();
        assertThat(books.queuedFrames()).isEqualTo(1);
        assertThat(tickers.closedWith).isEqualTo("1013 Slow consumer");
        bookOnly.full = false;
        books.drain();
        assertThat(seqs(pushes(bookOnly, "orderbook"))).containsExactly(5_000L);
    }

    @Test
    @DisplayName("A throttled book sends at most N a second and always ends on the latest state; an unthrottled one sends all")
    void throttledSubscription() {
        Recorder throttledTransport = new Recorder();
        Recorder plainTransport = new Recorder();
        Session throttled = open(throttledTransport, OutboundLimits.DEFAULTS);
        Session plain = open(plainTransport, OutboundLimits.DEFAULTS);
        throttled.throttle(BOOK, 2);
        throttled.throttle("user.u1.trades", 2); // not a book or ticker: ignored
        assertThat(throttled.throttleOf(BOOK)).isEqualTo(2);
        assertThat(throttled.throttleOf("user.u1.trades")).isZero();

        for (long seq = 1; seq <= 10; seq++) {
            deliver(book(seq), throttled, plain);
            time.advance(Duration.ofMillis(10));
        }
        assertThat(seqs(pushes(plainTransport, "orderbook"))).hasSize(10);
        assertThat(seqs(pushes(throttledTransport, "orderbook"))).containsExactly(1L);
        assertThat(timers).hasSize(1);
        assertThat(counters.throttled()).isEqualTo(8);

        time.advance(Duration.ofMillis(500));
        timers.remove(0).run();
        assertThat(seqs(pushes(throttledTransport, "orderbook"))).containsExactly(1L, 10L);

        // Unsubscribed while an update is held: the timer sends nothing.
        deliver(book(11), throttled);
        deliver(book(12), throttled);
        throttled.removeStream(BOOK);
        time.advance(Duration.ofSeconds(1));
        timers.remove(0).run();
        assertThat(seqs(pushes(throttledTransport, "orderbook"))).containsExactly(1L, 10L);

        // Subscribed again, and a new rate set while an update is held: the held update still goes out.
        throttled.addStream(BOOK);
        throttled.throttle(BOOK, 2);
        deliver(book(13), throttled);
        deliver(book(14), throttled);
        throttled.throttle(BOOK, 5);
        assertThat(throttled.throttleOf(BOOK)).isEqualTo(5);
        timers.remove(0).run();
        assertThat(seqs(pushes(throttledTransport, "orderbook"))).containsExactly(1L, 10L, 13L, 14L);
    }

    @Test
    @DisplayName("A client that takes what it is sent stays alive without a pong; one that stopped reading, or went quiet, does not")
    void livenessFromWrites() {
        DialectSettings settings = new DialectSettings("/ws", Duration.ofSeconds(5), Duration.ofSeconds(10));
        Recorder reading = new Recorder();
        Recorder stalled = new Recorder();
        Recorder quiet = new Recorder();
        Session readingSession = open(reading, OutboundLimits.DEFAULTS, settings);
        Session stalledSession = open(stalled, OutboundLimits.DEFAULTS, settings);
        Session quietSession = open(quiet, OutboundLimits.DEFAULTS, settings);
        stalled.full = true;
        for (long seq = 1; seq <= 120; seq++) {
            time.advance(Duration.ofMillis(250));
            deliver(tick(seq), readingSession, stalledSession);
            for (Session session : List.of(readingSession, stalledSession, quietSession)) {
                session.heartbeat(millis(), time.currentTimeMillis());
            }
        }
        assertThat(reading.closedWith).isNull();
        assertThat(stalled.closedWith).startsWith("1001 Idle timeout");
        assertThat(quiet.closedWith).startsWith("1001 Idle timeout");
    }
}
