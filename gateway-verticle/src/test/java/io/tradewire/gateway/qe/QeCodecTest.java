package io.tradewire.gateway.qe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.DialectCodecContract;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.TestSession;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.algo.Algorithm;
import io.tradewire.model.algo.MasterOrderStatus;
import io.tradewire.model.algo.MasterOrderView;
import io.tradewire.model.event.AlgoOrderUpdated;
import io.tradewire.model.event.MasterOrderUpdated;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.Tick;
import io.tradewire.model.view.OrderView;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Golden frames of the {@code qe} dialect: what the SDK's {@code WebSocketService} parses. */
class QeCodecTest extends DialectCodecContract {
    static final MasterOrderView MASTER = new MasterOrderView("MO1", "c-1", "alice", Algorithm.TWAP, "Tradewire", "BTCUSDT", "SPOT",
            Side.BUY, new BigDecimal("0.005"), new BigDecimal("0.002"), new BigDecimal("60000.5"), null, 60, null, false,
            MasterOrderStatus.PROCESSING, null, 2, 1_700_000_000_000L, 1_700_000_001_500L);
    static final OrderView CHILD = new OrderView("O7", "MO1-2", "alice", "BTCUSDT", Side.BUY, Offset.OPEN, OrderType.LIMIT,
            TimeInForce.IOC, new BigDecimal("60001"), new BigDecimal("0.002"), new BigDecimal("0.001"), BigDecimal.ZERO,
            new BigDecimal("60000.5"), OrderStatus.CANCELLED, OrderSource.ALGO, 1_700_000_001_000L, 1_700_000_001_200L);

    @Override
    protected DialectCodec newCodec() {
        return new QeCodec();
    }

    @Override
    protected List<String> sampleFrames() {
        return List.of("{\"type\":\"ping\"}");
    }

    private JsonObject only(List<String> frames) {
        assertThat(frames).hasSize(1);
        return new JsonObject(frames.get(0));
    }

    @Test
    @DisplayName("After the listen key's user is authenticated: {type:status, data:connected} with a messageId and the user id")
    void connected() {
        JsonObject frame = only(codec.encode(new Outbound.AuthResult(true, "alice", "ok"), TestSession.of("alice")));
        assertThat(frame.getString("type")).isEqualTo("status");
        assertThat(frame.getString("data")).isEqualTo("connected");
        assertThat(frame.getString("userId")).isEqualTo("alice");
        assertThat(frame.getString("messageId")).isNotBlank();
        assertThat(codec.encode(new Outbound.Opened(1), TestSession.of("alice"))).isEmpty();
        assertThat(codec.streamsAfterAuthentication(TestSession.of("alice"))).containsExactly(StreamKeys.userAlgo("alice"));
    }

    @Test
    @DisplayName("master_data: data is a JSON-encoded string with the SDK's MasterOrderMessage fields in snake_case")
    void masterData() {
        Push push = new Push(StreamKeys.userAlgo("alice"), 42, 7, new MasterOrderUpdated(MASTER));
        JsonObject frame = only(codec.encode(new Outbound.Delivery(push, false), TestSession.of("alice")));
        assertThat(frame.getString("type")).isEqualTo("master_data");
        assertThat(frame.getString("messageId")).isEqualTo("42-7");
        assertThat(frame.getValue("data")).isInstanceOf(String.class);
        JsonObject data = new JsonObject(frame.getString("data"));
        assertThat(data.fieldNames()).contains("type", "master_order_id", "client_id", "strategy", "symbol", "side", "qty",
                "duration_secs", "category", "action", "reduce_only", "status", "date", "ticktime_int", "ticktime_ms", "reason",
                "timestamp");
        assertThat(data.getString("type")).isEqualTo("master_order");
        assertThat(data.getString("master_order_id")).isEqualTo("MO1");
        assertThat(data.getString("client_id")).isEqualTo("c-1");
        assertThat(data.getString("strategy")).isEqualTo("TWAP");
        assertThat(data.getString("status")).isEqualTo("PROCESSING");
        assertThat(data.getString("category")).isEqualTo("spot");
        assertThat(data.getDouble("qty")).isEqualTo(0.005);
        assertThat(data.getDouble("filled_qty")).isEqualTo(0.002);
        assertThat(data.getLong("ticktime_ms")).isEqualTo(1_700_000_001_500L);
        assertThat(data.getDouble("date")).isEqualTo(1_700_000_001.5);
        // the same message always has the same id; rendered once for every session of the stream (no session at hand)
        assertThat(codec.encodesAlike(push)).isTrue();
        assertThat(only(codec.encode(new Outbound.Delivery(push, false), null))).isEqualTo(frame);
    }

    @Test
    @DisplayName("order_data carries a child and this change's fill: fill_qty, fill_price, cum_filled_qty, last_fill_time")
    void orderData() {
        AlgoOrderUpdated update = new AlgoOrderUpdated("MO1", "SPOT", CHILD, new BigDecimal("0.001"), new BigDecimal("60000.5"),
                1_700_000_001_200L);
        JsonObject frame = only(codec.encode(new Outbound.Delivery(new Push(StreamKeys.userAlgo("alice"), 42, 8, update), false),
                TestSession.of("alice")));
        assertThat(frame.getString("type")).isEqualTo("order_data");
        JsonObject data = new JsonObject(frame.getString("data"));
        assertThat(data.fieldNames()).contains("type", "master_order_id", "order_id", "symbol", "category", "side", "price",
                "quantity", "status", "created_time", "fill_qty", "fill_price", "cum_filled_qty", "quantity_remaining", "ack_time",
                "last_fill_time", "cancel_time", "price_type", "reason", "timestamp");
        assertThat(data.getString("type")).isEqualTo("order");
        assertThat(data.getString("master_order_id")).isEqualTo("MO1");
        assertThat(data.getString("order_id")).isEqualTo("O7");
        assertThat(data.getDouble("fill_qty")).isEqualTo(0.001);
        assertThat(data.getDouble("fill_price")).isEqualTo(60000.5);
        assertThat(data.getDouble("cum_filled_qty")).isEqualTo(0.001);
        assertThat(data.getDouble("quantity_remaining")).isEqualTo(0.001);
        assertThat(data.getLong("last_fill_time")).isEqualTo(1_700_000_001_200L);
        assertThat(data.getLong("cancel_time")).isEqualTo(1_700_000_001_200L);
        assertThat(data.getString("status")).isEqualTo("CANCELLED");
        assertThat(data.getString("price_type")).isEqualTo("LIMIT");
    }

    @Test
    @DisplayName("Snapshots and other events of the stream render as nothing; failures as {type:error, data:text}")
    void nothingElse() {
        Push tick = new Push("market.BTCUSDT.trades", 1, 1, new Tick("t", "BTCUSDT", BigDecimal.ONE, BigDecimal.ONE, Side.BUY, 1));
        assertThat(codec.encode(new Outbound.Delivery(tick, false), TestSession.of("alice"))).isEmpty();
        Push master = new Push(StreamKeys.userAlgo("alice"), 1, 1, new MasterOrderUpdated(MASTER));
        assertThat(codec.encode(new Outbound.Delivery(master, true), TestSession.of("alice"))).isEmpty();
        JsonObject error = only(codec.encode(new Outbound.Failure(ErrorCode.RATE_LIMITED, "slow down", null), TestSession.of("alice")));
        assertThat(error.getString("type")).isEqualTo("error");
        assertThat(error.getString("data")).isEqualTo("slow down");
    }

    @Test
    @DisplayName("A text ping is answered pong; any other message is refused as unsupported")
    void decode() throws Exception {
        assertThat(codec.decode("ping", TestSession.of("alice"))).isInstanceOf(Inbound.Ping.class);
        assertThat(codec.decode("{\"type\":\"ping\"}", TestSession.of("alice"))).isInstanceOf(Inbound.Ping.class);
        assertThat(codec.encode(new Outbound.Pong(1), TestSession.of("alice"))).containsExactly("pong");
        assertThatThrownBy(() -> codec.decode("{\"type\":\"subscribe\"}", TestSession.of("alice")))
                .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED));
    }
}
