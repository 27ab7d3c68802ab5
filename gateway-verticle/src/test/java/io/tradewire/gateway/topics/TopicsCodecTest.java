package io.tradewire.gateway.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.DialectCodecContract;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.TestSession;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.InstrumentKind;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.MarketSummary;
import io.tradewire.model.event.Push;
import io.tradewire.model.view.SummaryItem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TopicsCodecTest extends DialectCodecContract {
    /** The seed's subscribe_ack time; every acknowledgement and error of these tests carries it. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-09-22T05:16:02.806786Z"), ZoneOffset.UTC);
    private static final String NOW = "2025-09-22T05:16:02.806786";
    private static final long BAR_OPEN = 1758518160000L;   // 2025-09-22T05:16:00Z
    private static final long TRADE_TIME = 1758518162800L; // 2025-09-22T05:16:02.800Z

    private static final BarUpdated AAPL_BAR = new BarUpdated("AAPL", "1m", BAR_OPEN, BAR_OPEN + 60_000,
            new BigDecimal("190.00"), new BigDecimal("191.50"), new BigDecimal("189.90"), new BigDecimal("191.00"),
            new BigDecimal("25"), 3, TRADE_TIME);
    private static final String AAPL_BAR_DATA = "\"data\":{\"symbol\":\"AAPL\",\"interval\":\"1m\",\"open\":190.00,"
            + "\"high\":191.50,\"low\":189.90,\"close\":191.00,\"volume\":25,\"trades\":3,"
            + "\"open_time\":\"2025-09-22T05:16:00.000000\",\"close_time\":\"2025-09-22T05:17:00.000000\"},"
            + "\"timestamp\":\"2025-09-22T05:16:02.800000\",\"epoch\":7,\"seq\":1}";

    @Override
    protected DialectCodec newCodec() {
        return new TopicsCodec(CLOCK);
    }

    @Override
    protected List<String> sampleFrames() {
        return List.of(
                "{\"type\":\"subscribe\",\"topic\":\"stock.AAPL.1m\"}",
                "{\"type\":\"subscribe\",\"topic\":\"market.US.summary\"}",
                "{\"type\":\"unsubscribe\",\"topic\":\"futures.IX2301.1M\"}",
                "{\"type\":\"ping\"}");
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** What the gateway does with a frame: decode it, and render a decode failure back as the client sees it. */
    private Object receive(String frame, TestSession session) {
        try {
            return codec.decode(frame, session);
        } catch (DecodeException e) {
            return single(new Outbound.Failure(e.code(), e.getMessage(), e.requestType(), e.detail()), session);
        }
    }

    private String single(Outbound message, TestSession session) {
        List<String> frames = codec.encode(message, session);
        assertThat(frames).as("frames for %s", message).hasSize(1);
        return frames.get(0);
    }

    private static String subscribe(String topic) {
        return "{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}";
    }

    private static String unsubscribe(String topic) {
        return "{\"type\":\"unsubscribe\",\"topic\":\"" + topic + "\"}";
    }

    private static String error(String code, String message) {
        return "{\"type\":\"error\",\"error_code\":\"" + code + "\",\"error_message\":\"" + message
                + "\",\"timestamp\":\"" + NOW + "\"}";
    }

    private Inbound.Subscribe subscribed(String topic, TestSession session) throws DecodeException {
        return (Inbound.Subscribe) codec.decode(subscribe(topic), session);
    }

    private void configure(JsonObject topicsSection, InstrumentDirectory instruments) {
        JsonObject root = new JsonObject().put("gateway", new JsonObject().put("topics", topicsSection));
        codec.configure(new DialectContext(instruments, ConfigReader.of(root, "gateway.topics")));
    }

    private static InstrumentDirectory withBitcoin() {
        List<Instrument> all = new ArrayList<>(testInstruments().all());
        all.add(new Instrument("BTCUSDT", InstrumentKind.CRYPTO, Instrument.VENUE_ROUTE, new BigDecimal("0.01"),
                new BigDecimal("0.001"), BigDecimal.ONE, BigDecimal.ONE, "USD", new BigDecimal("60000"), "CRYPTO"));
        all.add(new Instrument("CL2512", InstrumentKind.FUTURES, "ib", new BigDecimal("0.01"), BigDecimal.ONE,
                new BigDecimal("1000"), new BigDecimal("0.1"), "USD", new BigDecimal("60"), "COMEX"));
        return new InstrumentDirectory(all);
    }

    private static Outbound.Delivery delivery(String stream, Event event, boolean snapshot) {
        return new Outbound.Delivery(new Push(stream, 7, 1, event), snapshot);
    }

    // ---- connection, acknowledgements, pong ----------------------------------------------------------

    @Test
    @DisplayName("The connection is acknowledged first with the client id of the path and a microsecond timestamp")
    void connectionAck() {
        TestSession session = TestSession.anonymous().withQuery("client_id", "my_client");
        assertThat(single(new Outbound.Opened(TRADE_TIME), session)).isEqualTo(
                "{\"type\":\"connection_ack\",\"client_id\":\"my_client\",\"timestamp\":\"2025-09-22T05:16:02.800000\"}");
    }

    @Test
    @DisplayName("The default path carries the client id as a vertx-web path parameter; heartbeats render nothing")
    void pathAndHeartbeats() {
        assertThat(codec.defaults().path()).isEqualTo("/api/v1/ws/:client_id");
        assertThat(codec.encode(new Outbound.Heartbeat(TRADE_TIME), TestSession.anonymous())).isEmpty();
    }

    @Test
    @DisplayName("The gateway finds the codec with ServiceLoader")
    void registeredAsService() {
        assertThat(ServiceLoader.load(DialectCodec.class).stream().map(p -> p.type().getName()))
                .contains(TopicsCodec.class.getName());
    }

    @Test
    @DisplayName("subscribe maps a bar topic to its stream with a snapshot and is acknowledged with the topic")
    void subscribeAck() throws DecodeException {
        TestSession session = TestSession.anonymous();
        Inbound.Subscribe request = subscribed("stock.AAPL.1m", session);
        assertThat(request).isEqualTo(new Inbound.Subscribe(List.of("market.AAPL.bar.1m"), "stock.AAPL.1m", true));
        assertThat(codec.encode(new Outbound.SubscriptionResult(request, true, "Subscribed successfully"), session))
                .containsExactly("{\"type\":\"subscribe_ack\",\"topic\":\"stock.AAPL.1m\",\"timestamp\":\"" + NOW + "\"}");
    }

    @Test
    @DisplayName("1m is a minute and 1M a month: two different streams")
    void minuteAndMonth() throws DecodeException {
        TestSession session = TestSession.anonymous();
        assertThat(subscribed("futures.IX2301.1m", session).streams()).containsExactly("market.IX2301.bar.1m");
        assertThat(subscribed("futures.IX2301.1M", session).streams()).containsExactly("market.IX2301.bar.1M");
        for (String interval : List.of("5m", "15m", "30m", "1h", "4h", "1d", "1w")) {
            assertThat(subscribed("stock.AAPL." + interval, session).streams()).containsExactly("market.AAPL.bar." + interval);
        }
    }

    @Test
    @DisplayName("market.US.summary reads the region's summary stream")
    void summaryTopic() throws DecodeException {
        assertThat(subscribed("market.US.summary", TestSession.anonymous()))
                .isEqualTo(new Inbound.Subscribe(List.of("market.US.summary"), "market.US.summary", true));
    }

    @Test
    @DisplayName("unsubscribe leaves the stream and is acknowledged; an unknown but well-formed topic is a no-op ack")
    void unsubscribeAck() throws DecodeException {
        TestSession session = TestSession.anonymous();
        subscribed("stock.AAPL.1m", session);
        Inbound.Unsubscribe request = (Inbound.Unsubscribe) codec.decode(unsubscribe("stock.AAPL.1m"), session);
        assertThat(request).isEqualTo(new Inbound.Unsubscribe(List.of("market.AAPL.bar.1m"), "stock.AAPL.1m"));
        assertThat(single(new Outbound.SubscriptionResult(request, true, "Unsubscribed successfully"), session))
                .isEqualTo("{\"type\":\"unsubscribe_ack\",\"topic\":\"stock.AAPL.1m\",\"timestamp\":\"" + NOW + "\"}");

        Inbound.Unsubscribe again = (Inbound.Unsubscribe) codec.decode(unsubscribe("stock.AAPL.1m"), session);
        assertThat(again.streams()).isEmpty();
        Inbound.Unsubscribe unknown = (Inbound.Unsubscribe) codec.decode(unsubscribe("crypto.DOGE.1d"), session);
        assertThat(unknown).isEqualTo(new Inbound.Unsubscribe(List.of(), "crypto.DOGE.1d"));
        assertThat(receive(unsubscribe("stock_data"), session)).isEqualTo(error("invalid_topic", "无效的主题格式: stock_data"));
    }

    @Test
    @DisplayName("ping is answered with pong and the seed's timestamp format")
    void pong() throws DecodeException {
        assertThat(codec.decode("{\"type\":\"ping\"}", TestSession.anonymous())).isInstanceOf(Inbound.Ping.class);
        assertThat(single(new Outbound.Pong(TRADE_TIME), TestSession.anonymous()))
                .isEqualTo("{\"type\":\"pong\",\"timestamp\":\"2025-09-22T05:16:02.800000\"}");
    }

    // ---- data pushes ---------------------------------------------------------------------------------

    @Test
    @DisplayName("A bar renders as a data push for the client's topic, numbers as JSON numbers, snapshot flagged")
    void barPush() throws DecodeException {
        TestSession session = TestSession.anonymous();
        subscribed("stock.AAPL.1m", session);
        assertThat(single(delivery("market.AAPL.bar.1m", AAPL_BAR, true), session))
                .isEqualTo("{\"type\":\"data\",\"topic\":\"stock.AAPL.1m\",\"snapshot\":true," + AAPL_BAR_DATA);
        assertThat(single(delivery("market.AAPL.bar.1m", AAPL_BAR, false), session))
                .isEqualTo("{\"type\":\"data\",\"topic\":\"stock.AAPL.1m\",\"snapshot\":false," + AAPL_BAR_DATA);
    }

    @Test
    @DisplayName("A region summary renders its items with last, change, change_percent and volume")
    void summaryPush() throws DecodeException {
        TestSession session = TestSession.anonymous();
        subscribed("market.US.summary", session);
        MarketSummary summary = new MarketSummary("US", List.of(
                new SummaryItem("IX2301", "futures", new BigDecimal("120.0"), new BigDecimal("120.0"), new BigDecimal("0.0"),
                        new BigDecimal("0.0000"), new BigDecimal("0"), new BigDecimal("120.0"), new BigDecimal("120.0")),
                new SummaryItem("AAPL", "stock", new BigDecimal("191.00"), new BigDecimal("190.00"), new BigDecimal("1.00"),
                        new BigDecimal("0.5263"), new BigDecimal("25"), new BigDecimal("191.50"), new BigDecimal("189.90"))),
                TRADE_TIME);
        assertThat(single(delivery("market.US.summary", summary, false), session)).isEqualTo(
                "{\"type\":\"data\",\"topic\":\"market.US.summary\",\"snapshot\":false,\"data\":{\"region\":\"US\",\"items\":["
                        + "{\"symbol\":\"IX2301\",\"kind\":\"futures\",\"last\":120.0,\"open\":120.0,\"high\":120.0,\"low\":120.0,"
                        + "\"change\":0.0,\"change_percent\":0.0000,\"volume\":0},"
                        + "{\"symbol\":\"AAPL\",\"kind\":\"stock\",\"last\":191.00,\"open\":190.00,\"high\":191.50,\"low\":189.90,"
                        + "\"change\":1.00,\"change_percent\":0.5263,\"volume\":25}]},"
                        + "\"timestamp\":\"2025-09-22T05:16:02.800000\",\"epoch\":7,\"seq\":1}");
    }

    @Test
    @DisplayName("A push of a stream no topic of this session reads renders nothing")
    void unrelatedPush() throws DecodeException {
        TestSession session = TestSession.anonymous();
        assertThat(codec.encode(delivery("market.AAPL.bar.1m", AAPL_BAR, false), session)).isEmpty();
        subscribed("stock.AAPL.1m", session);
        codec.decode(unsubscribe("stock.AAPL.1m"), session);
        assertThat(codec.encode(delivery("market.AAPL.bar.1m", AAPL_BAR, false), session)).isEmpty();
        assertThat(codec.encode(delivery("market.AAPL.bar.1m", AAPL_BAR, false), null)).isEmpty();
    }

    // ---- errors --------------------------------------------------------------------------------------

    @Test
    @DisplayName("The seed's own error: an invalid topic format, word for word")
    void seedError() {
        assertThat(receive(subscribe("stock_data"), TestSession.anonymous()))
                .isEqualTo(error("invalid_topic", "无效的主题格式: stock_data"));
    }

    @Test
    @DisplayName("Topics against the grammar are invalid_topic: segments, data type, interval, market form")
    void grammarErrors() {
        TestSession session = TestSession.anonymous();
        for (String topic : List.of("stock.AAPL", "stock.AAPL.1m.x", "stock..1m", ".AAPL.1m", "stock.AAPL.",
                "stock.AA PL.1m", "stock.AAPL/x.1m")) {
            assertThat(receive(subscribe(topic), session)).as(topic).isEqualTo(error("invalid_topic", "无效的主题格式: " + topic));
        }
        assertThat(receive(subscribe("bonds.AAPL.1m"), session)).isEqualTo(error("invalid_topic",
                "无效的主题格式: bonds.AAPL.1m (不支持的数据类型 bonds, 应为 stock、crypto、futures、options、commodity 或 market)"));
        assertThat(receive(subscribe("Stock.AAPL.1m"), session)).asString().contains("不支持的数据类型 Stock");
        assertThat(receive(subscribe("stock.AAPL.2m"), session)).isEqualTo(error("invalid_topic",
                "无效的主题格式: stock.AAPL.2m (不支持的时间间隔 2m, 应为 1m、5m、15m、30m、1h、4h、1d、1w 或 1M)"));
        assertThat(receive(subscribe("stock.AAPL.1H"), session)).asString().contains("不支持的时间间隔 1H");
        assertThat(receive(subscribe("market.US.1m"), session)).isEqualTo(error("invalid_topic",
                "无效的主题格式: market.US.1m (市场概览主题应为 market.{地区}.summary)"));
        assertThat(receive(subscribe("x".repeat(200)), session)).asString().contains("invalid_topic");
        assertThat(session.state().get("topics")).isNotNull();
        assertThat(TopicsState.of(session).topicCount()).isZero();
    }

    @Test
    @DisplayName("Well-formed topics naming nothing here are subscription_failed: kind mismatch, unknown symbol or region")
    void subscriptionFailures() {
        TestSession session = TestSession.anonymous();
        assertThat(receive(subscribe("crypto.AAPL.1m"), session))
                .isEqualTo(error("subscription_failed", "订阅失败: AAPL 是 stock 品种, 不是 crypto"));
        assertThat(receive(subscribe("stock.IX2301.1m"), session))
                .isEqualTo(error("subscription_failed", "订阅失败: IX2301 是 futures 品种, 不是 stock"));
        assertThat(receive(subscribe("stock.TSLA.1m"), session))
                .isEqualTo(error("subscription_failed", "订阅失败: 未知的品种 TSLA"));
        assertThat(receive(subscribe("stock.aapl.1m"), session))
                .isEqualTo(error("subscription_failed", "订阅失败: 未知的品种 aapl"));
        assertThat(receive(subscribe("market.EU.summary"), session))
                .isEqualTo(error("subscription_failed", "订阅失败: 未知的市场地区 EU"));
        assertThat(TopicsState.of(session).topicCount()).isZero();
    }

    @Test
    @DisplayName("An instrument routed to a broker has no venue bars: subscription_failed")
    void brokerInstrumentHasNoBars() {
        configure(new JsonObject(), withBitcoin());
        assertThat(receive(subscribe("futures.CL2512.1h"), TestSession.anonymous()))
                .isEqualTo(error("subscription_failed", "订阅失败: CL2512 不在本交易所撮合, 没有 K 线数据"));
        assertThat(receive(subscribe("market.COMEX.summary"), TestSession.anonymous()))
                .isEqualTo(error("subscription_failed", "订阅失败: 未知的市场地区 COMEX"));
    }

    @Test
    @DisplayName("Messages that are not a request are invalid_message: not JSON, not an object, no or unknown type, no topic")
    void invalidMessages() {
        TestSession session = TestSession.anonymous();
        assertThat(receive("hello", session)).isEqualTo(error("invalid_message", "无效的消息格式: 不是合法的 JSON"));
        assertThat(receive("[1,2]", session)).isEqualTo(error("invalid_message", "无效的消息格式: 消息必须是 JSON 对象"));
        assertThat(receive("{}", session)).isEqualTo(error("invalid_message", "无效的消息格式: 缺少 type 字段"));
        assertThat(receive("{\"type\":7}", session)).isEqualTo(error("invalid_message", "无效的消息格式: type 字段必须是字符串"));
        assertThat(receive("{\"type\":\"auth\",\"token\":\"x\"}", session)).isEqualTo(error("invalid_message", "未知的消息类型: auth"));
        assertThat(receive("{\"type\":\"subscribe\"}", session)).isEqualTo(error("invalid_message", "无效的消息格式: 缺少 topic 字段"));
        assertThat(receive("{\"type\":\"subscribe\",\"topic\":[\"stock.AAPL.1m\"]}", session))
                .isEqualTo(error("invalid_message", "无效的消息格式: topic 字段必须是字符串"));
        assertThat(receive("{\"type\":\"unsubscribe\",\"topic\":\"\"}", session))
                .isEqualTo(error("invalid_message", "无效的消息格式: 缺少 topic 字段"));
    }

    @Test
    @DisplayName("A failure the gateway raised itself (a binary frame) is an invalid_message in the session's language")
    void gatewayFailures() {
        Outbound.Failure binary = new Outbound.Failure(ErrorCode.MALFORMED, "Binary frames are not supported: send JSON text", null);
        assertThat(single(binary, TestSession.anonymous())).isEqualTo(error("invalid_message", "无效的消息格式"));
        assertThat(single(binary, TestSession.anonymous().withQuery("lang", "en")))
                .isEqualTo(error("invalid_message", "Binary frames are not supported: send JSON text"));
    }

    @Test
    @DisplayName("A connection holds at most gateway.topics.max-subscriptions topics; re-subscribing one it holds is fine")
    void subscriptionLimit() throws DecodeException {
        configure(new JsonObject().put("max-subscriptions", 2), testInstruments());
        TestSession session = TestSession.anonymous();
        subscribed("stock.AAPL.1m", session);
        subscribed("stock.AAPL.5m", session);
        assertThat(subscribed("stock.AAPL.5m", session).streams()).containsExactly("market.AAPL.bar.5m");
        assertThat(receive(subscribe("stock.AAPL.15m"), session))
                .isEqualTo(error("subscription_failed", "订阅失败: 每个连接最多订阅 2 个主题"));
        codec.decode(unsubscribe("stock.AAPL.1m"), session);
        assertThat(subscribed("stock.AAPL.15m", session).streams()).containsExactly("market.AAPL.bar.15m");
    }

    // ---- language and zone ---------------------------------------------------------------------------

    @Nested
    class LanguageOption {
        @Test
        @DisplayName("?lang=en switches the error messages of that connection to English")
        void queryParameter() {
            TestSession session = TestSession.anonymous().withQuery("lang", "en");
            assertThat(receive(subscribe("stock_data"), session)).isEqualTo(error("invalid_topic", "Invalid topic format: stock_data"));
            assertThat(receive(subscribe("crypto.AAPL.1m"), session))
                    .isEqualTo(error("subscription_failed", "Subscription failed: AAPL is a stock instrument, not crypto"));
            assertThat(receive(subscribe("stock.AAPL.2m"), session)).isEqualTo(error("invalid_topic",
                    "Invalid topic format: stock.AAPL.2m (unsupported interval 2m; expected 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w or 1M)"));
            assertThat(receive("nope", session)).isEqualTo(error("invalid_message", "Invalid message format: not valid JSON"));
            assertThat(receive("{\"type\":\"hello\"}", session)).isEqualTo(error("invalid_message", "Unknown message type: hello"));
            assertThat(receive(subscribe("stock.TSLA.1m"), session))
                    .isEqualTo(error("subscription_failed", "Subscription failed: unknown symbol TSLA"));
        }

        @Test
        @DisplayName("gateway.topics.language: en makes English the default; ?lang=zh still asks for Chinese")
        void configured() {
            configure(new JsonObject().put("language", "en"), testInstruments());
            assertThat(receive(subscribe("stock_data"), TestSession.anonymous()))
                    .isEqualTo(error("invalid_topic", "Invalid topic format: stock_data"));
            assertThat(receive(subscribe("stock_data"), TestSession.anonymous().withQuery("lang", "zh-CN")))
                    .isEqualTo(error("invalid_topic", "无效的主题格式: stock_data"));
            assertThat(receive(subscribe("stock_data"), TestSession.anonymous().withQuery("lang", "fr")))
                    .isEqualTo(error("invalid_topic", "Invalid topic format: stock_data"));
        }

        @Test
        @DisplayName("An unknown configured language or zone fails the deployment with the key's name")
        void invalidConfiguration() {
            assertThatThrownBy(() -> configure(new JsonObject().put("language", "fr"), testInstruments()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.topics.language");
            assertThatThrownBy(() -> configure(new JsonObject().put("zone", "Mars/Olympus"), testInstruments()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.topics.zone");
            assertThatThrownBy(() -> configure(new JsonObject().put("aliases", "BTC"), testInstruments()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.topics.aliases");
        }
    }

    @Test
    @DisplayName("gateway.topics.zone shifts every timestamp, bar times included")
    void zone() throws DecodeException {
        configure(new JsonObject().put("zone", "Asia/Shanghai"), testInstruments());
        TestSession session = TestSession.anonymous().withQuery("client_id", "c1");
        assertThat(single(new Outbound.Opened(TRADE_TIME), session)).contains("\"timestamp\":\"2025-09-22T13:16:02.800000\"");
        subscribed("stock.AAPL.1m", session);
        assertThat(single(delivery("market.AAPL.bar.1m", AAPL_BAR, false), session))
                .contains("\"open_time\":\"2025-09-22T13:16:00.000000\"", "\"close_time\":\"2025-09-22T13:17:00.000000\"");
        assertThat(receive(subscribe("x"), session)).asString().contains("\"timestamp\":\"2025-09-22T13:16:02.806786\"");
    }

    // ---- aliases -------------------------------------------------------------------------------------

    @Test
    @DisplayName("An alias reads its symbol's stream and pushes carry the client's own topic")
    void alias() throws DecodeException {
        configure(new JsonObject().put("aliases", new JsonObject().put("BTC", "BTCUSDT").put("DOGE", "DOGEUSDT")), withBitcoin());
        TestSession session = TestSession.anonymous();
        Inbound.Subscribe request = subscribed("crypto.BTC.5m", session);
        assertThat(request).isEqualTo(new Inbound.Subscribe(List.of("market.BTCUSDT.bar.5m"), "crypto.BTC.5m", true));
        BarUpdated bar = new BarUpdated("BTCUSDT", "5m", BAR_OPEN - 60_000, BAR_OPEN + 240_000, new BigDecimal("60000.00"),
                new BigDecimal("60000.00"), new BigDecimal("60000.00"), new BigDecimal("60000.00"), new BigDecimal("0.000"), 0, TRADE_TIME);
        assertThat(codec.encode(delivery("market.BTCUSDT.bar.5m", bar, true), session)).singleElement().asString()
                .startsWith("{\"type\":\"data\",\"topic\":\"crypto.BTC.5m\",\"snapshot\":true,\"data\":{\"symbol\":\"BTCUSDT\"")
                .contains("\"volume\":0.000", "\"trades\":0");

        // the symbol itself joins the same stream: its ack brings the stream's current state along
        Inbound.Subscribe exact = subscribed("crypto.BTCUSDT.5m", session);
        List<String> ack = codec.encode(new Outbound.SubscriptionResult(exact, true, "Subscribed successfully"), session);
        assertThat(ack).hasSize(2);
        assertThat(ack.get(0)).isEqualTo("{\"type\":\"subscribe_ack\",\"topic\":\"crypto.BTCUSDT.5m\",\"timestamp\":\"" + NOW + "\"}");
        assertThat(ack.get(1)).startsWith("{\"type\":\"data\",\"topic\":\"crypto.BTCUSDT.5m\",\"snapshot\":true,");

        assertThat(codec.encode(delivery("market.BTCUSDT.bar.5m", bar, false), session)).hasSize(2)
                .anySatisfy(f -> assertThat(f).contains("\"topic\":\"crypto.BTC.5m\""))
                .anySatisfy(f -> assertThat(f).contains("\"topic\":\"crypto.BTCUSDT.5m\""));
        assertThat(((Inbound.Unsubscribe) codec.decode(unsubscribe("crypto.BTC.5m"), session)).streams()).isEmpty();
        assertThat(((Inbound.Unsubscribe) codec.decode(unsubscribe("crypto.BTCUSDT.5m"), session)).streams())
                .containsExactly("market.BTCUSDT.bar.5m");

        // an alias whose symbol is not configured is ignored; the kind is still checked through an alias
        assertThat(receive(subscribe("crypto.DOGE.1m"), session)).isEqualTo(error("subscription_failed", "订阅失败: 未知的品种 DOGE"));
        assertThat(receive(subscribe("stock.BTC.1m"), session))
                .isEqualTo(error("subscription_failed", "订阅失败: BTC 是 crypto 品种, 不是 stock"));
    }

    @Test
    @DisplayName("Without an alias a short name is an unknown symbol; aliases may also be written as ALIAS=SYMBOL items")
    void aliasForms() throws DecodeException {
        configure(new JsonObject(), withBitcoin());
        assertThat(receive(subscribe("crypto.BTC.5m"), TestSession.anonymous()))
                .isEqualTo(error("subscription_failed", "订阅失败: 未知的品种 BTC"));
        configure(new JsonObject().put("aliases", "BTC=BTCUSDT, XBT=BTCUSDT"), withBitcoin());
        assertThat(subscribed("crypto.XBT.1d", TestSession.anonymous()).streams()).containsExactly("market.BTCUSDT.bar.1d");
        configure(new JsonObject().put("aliases", new JsonArray().add("BTC=BTCUSDT")), withBitcoin());
        assertThat(subscribed("crypto.BTC.1d", TestSession.anonymous()).streams()).containsExactly("market.BTCUSDT.bar.1d");
    }

    @Test
    @DisplayName("Re-subscribing a topic acknowledges it again followed by its last state; no new stream is asked for twice")
    void resubscribe() throws DecodeException {
        TestSession session = TestSession.anonymous();
        subscribed("stock.AAPL.1m", session);
        codec.encode(delivery("market.AAPL.bar.1m", AAPL_BAR, true), session);
        Inbound.Subscribe again = subscribed("stock.AAPL.1m", session);
        assertThat(codec.encode(new Outbound.SubscriptionResult(again, true, "Subscribed successfully"), session))
                .containsExactly("{\"type\":\"subscribe_ack\",\"topic\":\"stock.AAPL.1m\",\"timestamp\":\"" + NOW + "\"}",
                        "{\"type\":\"data\",\"topic\":\"stock.AAPL.1m\",\"snapshot\":true," + AAPL_BAR_DATA);
        assertThat(TopicsState.of(session).topicCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("subscribe with since resumes the topic's stream from that position; resume_ack tells whether it was recovered")
    void subscribeSince() throws Exception {
        TestSession session = TestSession.anonymous();
        Inbound request = codec.decode("{\"type\":\"subscribe\",\"topic\":\"stock.AAPL.1m\",\"since\":{\"epoch\":7,\"seq\":3}}", session);
        assertThat(request).isInstanceOfSatisfying(Inbound.Subscribe.class, subscribe -> {
            assertThat(subscribe.streams()).isEmpty();
            assertThat(subscribe.resume()).containsExactly(new io.tradewire.model.event.StreamPosition("market.AAPL.bar.1m", 7, 3));
            assertThat(single(new Outbound.Resumed(subscribe, List.of(new Outbound.Resumed.Result("market.AAPL.bar.1m", true))), session))
                    .isEqualTo("{\"type\":\"resume_ack\",\"topic\":\"stock.AAPL.1m\",\"recovered\":true,\"timestamp\":\"" + NOW + "\"}");
        });
        for (String since : List.of("\"x\"", "{\"epoch\":7}", "{\"epoch\":7,\"seq\":-2}", "{\"epoch\":1.5,\"seq\":1}")) {
            String frame = "{\"type\":\"subscribe\",\"topic\":\"stock.AAPL.1m\",\"since\":" + since + "}";
            try {
                codec.decode(frame, TestSession.anonymous());
                throw new AssertionError("accepted " + frame);
            } catch (DecodeException e) {
                assertThat(((TopicError) e.detail()).errorCode()).as(since).isEqualTo(TopicError.INVALID_MESSAGE);
            }
        }
    }
}
