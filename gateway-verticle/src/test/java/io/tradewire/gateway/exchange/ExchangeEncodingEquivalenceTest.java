package io.tradewire.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.spi.CloseReason;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.TestSession;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.BrokerNotice;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.StreamPosition;
import io.tradewire.model.event.Tick;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.BookLevel;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import io.tradewire.model.view.PositionView;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The streaming exchange encoder writes exactly what the tree encoder it replaced wrote: for every kind of push and
 * reply, over seeded random values (decimals of every scale, including trailing zeros and exponents, nulls where a field
 * may be null, texts that need escaping and characters beyond ASCII), the same frames byte for byte.
 */
class ExchangeEncodingEquivalenceTest {
    private static final long SEED = 0x7AD3_2026L;
    private static final int ROUNDS = 400;

    private final ExchangeEncoder streaming = new ExchangeEncoder();
    private final ExchangeTreeEncoder tree = new ExchangeTreeEncoder();
    private final ExchangeCodec codec = new ExchangeCodec();

    @Test
    @DisplayName("Every push and reply kind renders to the same bytes as the tree encoder, for seeded random values")
    void sameFramesAsTheTreeEncoder() {
        Random random = new Random(SEED);
        Set<Class<?>> rendered = new java.util.HashSet<>();
        int frames = 0;
        for (int round = 0; round < ROUNDS; round++) {
            TestSession session = session(random);
            for (Outbound message : messages(random)) {
                List<String> expected = tree.encode(message, session);
                List<byte[]> actual = streaming.encodeUtf8(message, session);
                assertThat(actual.stream().map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList())
                        .as("round %d: %s", round, message).isEqualTo(expected);
                for (int i = 0; i < expected.size(); i++) {
                    assertThat(actual.get(i)).as("UTF-8 of %s", expected.get(i))
                            .isEqualTo(expected.get(i).getBytes(StandardCharsets.UTF_8));
                }
                assertThat(codec.encode(message, session)).isEqualTo(expected);
                assertThat(codec.encodeUtf8(message, session)).hasSameSizeAs(expected);
                if (!expected.isEmpty()) {
                    rendered.add(message instanceof Outbound.Delivery delivery ? delivery.push().event().getClass() : message.getClass());
                    frames++;
                }
            }
        }
        // Positive control: the comparison covered every kind that has a frame, not only the empty ones.
        assertThat(rendered).contains(Outbound.Resync.class, Outbound.Resumed.class, Outbound.CommandResult.class,
                Outbound.AuthResult.class, Outbound.SubscriptionResult.class, Outbound.Pong.class, Outbound.Failure.class,
                Outbound.Closing.class, TradeExecuted.class, OrderUpdated.class, AccountChanged.class, BookChanged.class,
                BrokerNotice.class, Tick.class);
        assertThat(frames).isGreaterThan(ROUNDS * 20);
    }

    @Test
    @DisplayName("A frame abandoned half-way (a value the encoder cannot render) does not spoil the next frame")
    void anAbandonedFrameLeavesNoTrace() {
        TestSession session = TestSession.of("u1");
        ExchangeState.of(session).subscribeAllTrades();
        TradeExecuted broken = new TradeExecuted("T1", "O1", "u1", "IX1", null, Offset.OPEN, BigDecimal.ONE, BigDecimal.ONE,
                false, BigDecimal.ZERO, 1L);
        Outbound.Delivery delivery = new Outbound.Delivery(new Push("user.u1.trades", 1, 1, broken), false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> streaming.encodeUtf8(delivery, session))
                .isInstanceOf(NullPointerException.class);

        Outbound.Pong pong = new Outbound.Pong(42);
        assertThat(new String(streaming.encodeUtf8(pong, session).get(0), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"pong\",\"timestamp\":42}")
                .isEqualTo(tree.encode(pong, session).get(0));
    }

    private static TestSession session(Random random) {
        TestSession session = TestSession.of("user" + random.nextInt(1000));
        switch (random.nextInt(3)) {
            case 0 -> ExchangeState.of(session).subscribeAllTrades();
            case 1 -> ExchangeState.of(session).subscribeTrades(List.of("IX1", "IX2"));
            default -> { } // no trades wanted: trade pushes render to nothing
        }
        return session;
    }

    private static List<Outbound> messages(Random random) {
        List<Outbound> messages = new ArrayList<>();
        for (Event event : events(random)) {
            Push push = new Push(stream(random), random.nextInt(5), random.nextLong() & Long.MAX_VALUE, event);
            messages.add(new Outbound.Delivery(push, false));
            messages.add(new Outbound.Delivery(push, true));
        }
        messages.add(new Outbound.Resync(stream(random), random.nextInt(9), random.nextInt(1_000_000)));
        List<Outbound.Resumed.Result> results = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            results.add(new Outbound.Resumed.Result(stream(random), random.nextBoolean()));
        }
        Inbound.Subscribe resume = new Inbound.Subscribe(List.of("market.IX1.book"),
                new ExchangeSubscriptions.Resume(List.of(new StreamPosition("market.IX1.book", 1, 2))), false,
                List.of(new StreamPosition("market.IX1.book", 1, 2)));
        messages.add(new Outbound.Resumed(resume, results));
        messages.add(new Outbound.SubscriptionResult(resume, random.nextBoolean(), text(random)));
        ExchangeSubscriptions.Request request = new ExchangeSubscriptions.Request(texts(random), texts(random));
        messages.add(new Outbound.SubscriptionResult(new Inbound.Subscribe(List.of("market.IX1.trades"), request, true),
                random.nextBoolean(), text(random)));
        messages.add(new Outbound.SubscriptionResult(new Inbound.Unsubscribe(List.of("market.IX1.trades"), request),
                random.nextBoolean(), text(random)));
        messages.add(new Outbound.SubscriptionResult(new Inbound.Subscribe(List.of("market.IX1.trades"), null, false),
                random.nextBoolean(), nullable(random, text(random))));
        for (String requestType : List.of(ExchangeCodec.SUBMIT_ORDER, ExchangeCodec.CANCEL_ORDER, ExchangeCodec.AMEND_ORDER,
                ExchangeCodec.QUERY_ORDER, ExchangeCodec.QUERY_ACCOUNT, ExchangeCodec.QUERY_POSITION)) {
            Inbound.Execute execute = new Inbound.Execute(new QueryAccount("u1"), requestType);
            Object reply = switch (requestType) {
                case ExchangeCodec.QUERY_ACCOUNT -> account(random);
                case ExchangeCodec.QUERY_POSITION -> new PositionList(list(random, ExchangeEncodingEquivalenceTest::position));
                default -> order(random);
            };
            messages.add(Outbound.CommandResult.ok(execute, reply));
            messages.add(Outbound.CommandResult.failed(execute, pick(random, ErrorCode.values()), text(random)));
        }
        messages.add(Outbound.CommandResult.ok(new Inbound.Execute(new QueryAccount("u1"), "query_other"), "unknown reply"));
        messages.add(new Outbound.AuthResult(random.nextBoolean(), nullable(random, "user" + random.nextInt(99)), text(random)));
        messages.add(new Outbound.Pong(random.nextLong()));
        for (String requestType : new String[] {null, ExchangeCodec.SUBMIT_ORDER, ExchangeCodec.CANCEL_ORDER,
                ExchangeCodec.AMEND_ORDER, ExchangeCodec.AUTH, ExchangeCodec.SUBSCRIBE, ExchangeCodec.UNSUBSCRIBE,
                ExchangeCodec.RESUME, ExchangeCodec.QUERY_ORDER, "bogus"}) {
            messages.add(new Outbound.Failure(pick(random, ErrorCode.values()), text(random), requestType));
        }
        messages.add(new Outbound.Closing(pick(random, CloseReason.values()), text(random)));
        messages.add(new Outbound.Opened(random.nextLong()));
        messages.add(new Outbound.Heartbeat(random.nextLong()));
        return messages;
    }

    private static List<Event> events(Random random) {
        OrderView order = order(random);
        return List.of(
                new TradeExecuted(text(random), text(random), "u1", pick(random, new String[] {"IX1", "IX2", "IX3"}),
                        pick(random, Side.values()), pick(random, Offset.values()), decimal(random), decimal(random),
                        random.nextBoolean(), nullableDecimal(random), random.nextLong()),
                new OrderUpdated(order),
                new AccountChanged(account(random)),
                new BookChanged(text(random), list(random, ExchangeEncodingEquivalenceTest::level),
                        list(random, ExchangeEncodingEquivalenceTest::level), random.nextLong()),
                new BrokerNotice("u1", "bybit", "down", text(random), random.nextLong()),
                new Tick(text(random), text(random), decimal(random), decimal(random), pick(random, Side.values()),
                        random.nextLong(), nullableDecimal(random), nullableDecimal(random), nullableDecimal(random)),
                new PositionChanged(position(random))); // no frame in this dialect
    }

    private static OrderView order(Random random) {
        return new OrderView(text(random), nullable(random, text(random)), "u1", text(random), pick(random, Side.values()),
                pick(random, Offset.values()), pick(random, OrderType.values()), nullable(random, pick(random, TimeInForce.values())),
                nullableDecimal(random), decimal(random), decimal(random), decimal(random), nullableDecimal(random),
                pick(random, EnumSet.allOf(OrderStatus.class).toArray(OrderStatus[]::new)),
                nullable(random, pick(random, OrderSource.values())), random.nextLong(), random.nextLong(), random.nextBoolean());
    }

    private static AccountView account(Random random) {
        return new AccountView("user" + random.nextInt(9), text(random), decimal(random), decimal(random), decimal(random),
                decimal(random), decimal(random), decimal(random), decimal(random), nullableDecimal(random),
                nullableDecimal(random), random.nextLong());
    }

    private static PositionView position(Random random) {
        return new PositionView("u1", text(random), decimal(random), nullableDecimal(random), decimal(random),
                nullableDecimal(random), decimal(random), decimal(random), decimal(random), nullableDecimal(random),
                random.nextLong());
    }

    private static BookLevel level(Random random) {
        return new BookLevel(decimal(random), decimal(random), random.nextInt(1000));
    }

    /** Decimals as the venue and the clients make them: any sign and scale, trailing zeros kept, big and tiny magnitudes. */
    private static BigDecimal decimal(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> BigDecimal.ZERO;
            case 1 -> new BigDecimal("120.0");
            case 2 -> new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(20) - 4); // 1.2E+5 as a tree sees it
            case 3 -> new BigDecimal(random.nextInt(1_000_000)).movePointLeft(random.nextInt(9));
            case 4 -> new BigDecimal(new BigInteger(100, random), random.nextInt(40));
            default -> BigDecimal.valueOf(random.nextInt(100)).setScale(random.nextInt(5));
        };
    }

    private static BigDecimal nullableDecimal(Random random) {
        return random.nextInt(4) == 0 ? null : decimal(random);
    }

    private static final String[] PIECES = {"IX2301", "O1725", "a\"quote", "back\\slash", "tab\t", "new\nline", "ctl\u0001",
            "é", "日本", "emoji\uD83D\uDE00", "</script>", "", " ", "user_42", "\u2028"};

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(3); i >= 0; i--) {
            text.append(pick(random, PIECES));
        }
        return text.toString();
    }

    private static List<String> texts(Random random) {
        return list(random, ExchangeEncodingEquivalenceTest::text);
    }

    private static <T> List<T> list(Random random, Function<Random, T> element) {
        List<T> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            list.add(element.apply(random));
        }
        return list;
    }

    private static String stream(Random random) {
        return pick(random, new String[] {"user.u1.orders", "user.u1.trades", "user.u1.account", "market.IX1.book",
            "market.IX2.ticker", "market.IX1.bar.1m"});
    }

    private static <T> T nullable(Random random, T value) {
        return random.nextInt(4) == 0 ? null : value;
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}
