package io.tradewire.gateway.exchange;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.PlainDecimals;
import io.tradewire.gateway.spi.SessionView;
import io.tradewire.gateway.spi.Utf8FrameWriter;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.BrokerNotice;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.Tick;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.BookLevel;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import io.tradewire.model.view.PositionView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Renders canonical outbound messages as exchange-dialect frames, with the seed's field names.
 *
 * <p>Frames are written field by field with Jackson's streaming generator straight to UTF-8 ({@link Utf8FrameWriter}):
 * no tree per frame, no text in between. Field order and number formatting are the wire format clients parse (decimals
 * plain, as given: {@code 120.0} stays {@code 120.0}, spelled without intermediate strings by {@link PlainDecimals}); {@code ExchangeEncodingEquivalenceTest} holds every frame kind to
 * the tree rendering this encoder replaced.
 */
final class ExchangeEncoder {

    /** Zero or one frame, as UTF-8. */
    List<byte[]> encodeUtf8(Outbound message, SessionView session) {
        try {
            byte[] frame = frame(message, session);
            return frame == null ? List.of() : List.of(frame);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write frame", e); // the generator writes to memory: never
        }
    }

    private static byte[] frame(Outbound message, SessionView session) throws IOException {
        if (message instanceof Outbound.Delivery delivery) {
            return push(delivery.push(), delivery.snapshot(), session);
        }
        if (message instanceof Outbound.SubscriptionResult result) {
            return subscriptionResult(result);
        }
        if (!(message instanceof Outbound.Resync || message instanceof Outbound.Resumed
                || message instanceof Outbound.CommandResult || message instanceof Outbound.AuthResult
                || message instanceof Outbound.Pong || message instanceof Outbound.Failure
                || message instanceof Outbound.Closing)) {
            return null; // Opened, Heartbeat: nothing in this dialect
        }
        Utf8FrameWriter writer = Utf8FrameWriter.current();
        JsonGenerator g = writer.begin();
        if (message instanceof Outbound.Resync resync) {
            g.writeStartObject();
            g.writeStringField("type", "resync");
            g.writeStringField("stream", resync.stream());
            g.writeNumberField("epoch", resync.epoch());
            g.writeNumberField("seq", resync.seq());
            g.writeStringField("message", "Messages of this stream were lost and cannot be replayed: its current state follows");
            g.writeEndObject();
        } else if (message instanceof Outbound.Resumed resumed) {
            g.writeStartObject();
            g.writeStringField("type", "resume_response");
            g.writeBooleanField("success", true);
            g.writeArrayFieldStart("results");
            for (Outbound.Resumed.Result result : resumed.results()) {
                g.writeStartObject();
                g.writeStringField("stream", result.stream());
                g.writeBooleanField("recovered", result.recovered());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } else if (message instanceof Outbound.CommandResult result) {
            commandResult(g, result);
        } else if (message instanceof Outbound.AuthResult auth) {
            g.writeStartObject();
            g.writeStringField("type", "auth_response");
            g.writeBooleanField("success", auth.success());
            g.writeStringField("user_id", auth.success() ? auth.userId() : "");
            g.writeStringField("message", auth.message());
            g.writeEndObject();
        } else if (message instanceof Outbound.Pong pong) {
            g.writeStartObject();
            g.writeStringField("type", "pong");
            g.writeNumberField("timestamp", pong.timestamp());
            g.writeEndObject();
        } else if (message instanceof Outbound.Failure failure) {
            failure(g, failure);
        } else {
            // The last frame before the server closes (4001 token expired, 1008 rate-limit abuse or too many sessions).
            Outbound.Closing closing = (Outbound.Closing) message;
            startError(g, closing.reason().errorCode(), closing.message());
            g.writeNumberField("close_code", closing.reason().closeCode());
            g.writeEndObject();
        }
        return writer.end();
    }

    private static void failure(JsonGenerator g, Outbound.Failure failure) throws IOException {
        String requestType = failure.requestType();
        if (failure.code() != ErrorCode.UNAUTHENTICATED && requestType != null) {
            switch (requestType) {
                case ExchangeCodec.SUBMIT_ORDER, ExchangeCodec.CANCEL_ORDER, ExchangeCodec.AMEND_ORDER:
                    orderResponse(g, null, failure.code(), failure.message());
                    return;
                case ExchangeCodec.AUTH:
                    g.writeStartObject();
                    g.writeStringField("type", "auth_response");
                    g.writeBooleanField("success", false);
                    g.writeStringField("user_id", "");
                    g.writeStringField("message", failure.message());
                    g.writeEndObject();
                    return;
                case ExchangeCodec.SUBSCRIBE, ExchangeCodec.UNSUBSCRIBE, ExchangeCodec.RESUME:
                    g.writeStartObject();
                    g.writeStringField("type", requestType + "_response");
                    g.writeBooleanField("success", false);
                    g.writeStringField("message", failure.message());
                    g.writeNumberField("error_code", code(failure.code()));
                    g.writeEndObject();
                    return;
                default:
                    break;
            }
        }
        startError(g, failure.code(), failure.message());
        if (requestType != null) {
            g.writeStringField("request_type", requestType);
        }
        g.writeEndObject();
    }

    /** {@code {"type":"error","code","message"} }, left open for more fields. */
    private static void startError(JsonGenerator g, ErrorCode code, String message) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "error");
        g.writeNumberField("code", code(code));
        g.writeStringField("message", message);
    }

    /** The seed's codes for what it defines; 4xx request problems it does not name collapse to 400. */
    static int code(ErrorCode code) {
        return switch (code) {
            case UNSUPPORTED, TOO_LARGE -> 400;
            default -> code.code();
        };
    }

    private static byte[] subscriptionResult(Outbound.SubscriptionResult result) throws IOException {
        boolean resume = result.request() instanceof Inbound.Subscribe request && request.echo() instanceof ExchangeSubscriptions.Resume;
        if (resume && result.success()) {
            return null; // a resume is answered by resume_response once its streams are settled; only a refusal is answered now
        }
        boolean subscribe = result.request() instanceof Inbound.Subscribe;
        Object echo = resume ? null : subscribe
                ? ((Inbound.Subscribe) result.request()).echo()
                : ((Inbound.Unsubscribe) result.request()).echo();
        Utf8FrameWriter writer = Utf8FrameWriter.current();
        JsonGenerator g = writer.begin();
        g.writeStartObject();
        if (resume) {
            g.writeStringField("type", "resume_response");
            g.writeBooleanField("success", false);
            g.writeStringField("message", result.message());
            g.writeNumberField("error_code", code(ErrorCode.FORBIDDEN));
        } else {
            g.writeStringField("type", subscribe ? "subscribe_response" : "unsubscribe_response");
            g.writeBooleanField("success", result.success());
            if (echo instanceof ExchangeSubscriptions.Request request) {
                textArray(g, "channels", request.channels());
                textArray(g, "instruments", request.instruments());
            }
            g.writeStringField("message", result.message());
        }
        g.writeEndObject();
        return writer.end();
    }

    private static void textArray(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    private static void commandResult(JsonGenerator g, Outbound.CommandResult result) throws IOException {
        String requestType = result.request().requestType();
        if (requestType.equals(ExchangeCodec.SUBMIT_ORDER) || requestType.equals(ExchangeCodec.CANCEL_ORDER)
                || requestType.equals(ExchangeCodec.AMEND_ORDER)) {
            if (result.success()) {
                orderResponse(g, ((OrderView) result.reply()).orderId(), null, null);
            } else {
                orderResponse(g, null, result.error(), result.message());
            }
            return;
        }
        if (!result.success()) {
            startError(g, result.error(), result.message());
            g.writeStringField("request_type", requestType);
            g.writeEndObject();
            return;
        }
        g.writeStartObject();
        g.writeStringField("type", "query_response");
        g.writeStringField("request_type", requestType);
        g.writeObjectFieldStart("data");
        Object reply = result.reply();
        if (reply instanceof OrderView order) {
            g.writeFieldName("order");
            order(g, order);
        } else if (reply instanceof AccountView account) {
            g.writeFieldName("account");
            g.writeStartObject();
            g.writeStringField("user_id", account.userId());
            accountFields(g, account);
            g.writeEndObject();
        } else if (reply instanceof PositionList positions) {
            g.writeArrayFieldStart("positions");
            for (PositionView position : positions.positions()) {
                position(g, position);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void orderResponse(JsonGenerator g, String orderId, ErrorCode error, String message) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "order_response");
        g.writeBooleanField("success", error == null);
        g.writeStringField("order_id", orderId);
        if (error == null) {
            g.writeNullField("error_code");
        } else {
            g.writeNumberField("error_code", code(error));
        }
        g.writeStringField("error_message", message);
        g.writeEndObject();
    }

    /** A push's frame, or null when this session filters it out or the dialect has no frame for its event. */
    private static byte[] push(Push push, boolean snapshot, SessionView session) throws IOException {
        Event event = push.event();
        if (event instanceof TradeExecuted trade) {
            if (!ExchangeState.of(session).wantsTrade(trade.instrument())) {
                return null;
            }
        } else if (!(event instanceof OrderUpdated || event instanceof AccountChanged || event instanceof BookChanged
                || event instanceof BrokerNotice || event instanceof Tick)) {
            return null;
        }
        Utf8FrameWriter writer = Utf8FrameWriter.current();
        JsonGenerator g = writer.begin();
        g.writeStartObject();
        if (event instanceof TradeExecuted trade) {
            g.writeStringField("type", "trade");
            g.writeStringField("trade_id", trade.tradeId());
            g.writeStringField("order_id", trade.orderId());
            g.writeStringField("instrument_id", trade.instrument());
            g.writeStringField("direction", trade.side().name());
            g.writeStringField("offset", trade.offset().name());
            PlainDecimals.writeField(g, "price", trade.price());
            PlainDecimals.writeField(g, "volume", trade.quantity());
            g.writeNumberField("timestamp", trade.timestamp());
            PlainDecimals.writeField(g, "fee", trade.fee()); // extension: what this fill cost the user
        } else if (event instanceof OrderUpdated updated) {
            OrderView order = updated.order();
            g.writeStringField("type", "order_status");
            g.writeStringField("order_id", order.orderId());
            g.writeStringField("instrument_id", order.instrument());
            g.writeStringField("status", status(order.status()));
            PlainDecimals.writeField(g, "filled_volume", order.filled());
            PlainDecimals.writeField(g, "remaining_volume", order.remaining());
            g.writeNumberField("timestamp", order.updatedAt());
        } else if (event instanceof AccountChanged changed) {
            g.writeStringField("type", "account_update");
            accountFields(g, changed.account()); // the account without its user_id
            g.writeNumberField("timestamp", changed.account().timestamp());
        } else if (event instanceof BookChanged book) {
            g.writeStringField("type", "orderbook");
            g.writeStringField("instrument_id", book.instrument());
            levels(g, "bids", book.bids());
            levels(g, "asks", book.asks());
            g.writeNumberField("timestamp", book.timestamp());
        } else if (event instanceof BrokerNotice notice) {
            g.writeStringField("type", "error");
            g.writeNumberField("code", code(ErrorCode.UNAVAILABLE));
            g.writeStringField("message", notice.message());
        } else {
            Tick tick = (Tick) event;
            g.writeStringField("type", "ticker");
            g.writeStringField("instrument_id", tick.instrument());
            PlainDecimals.writeField(g, "last_price", tick.lastPrice());
            PlainDecimals.writeField(g, "volume", tick.quantity());
            g.writeNumberField("timestamp", tick.timestamp());
            numberIfKnown(g, "volume_24h", tick.volume24h());
            numberIfKnown(g, "best_bid", tick.bestBid());
            numberIfKnown(g, "best_ask", tick.bestAsk());
        }
        // Extra fields old clients ignore: which stream, its epoch and sequence number.
        g.writeStringField("stream", push.stream());
        g.writeNumberField("epoch", push.epoch());
        g.writeNumberField("seq", push.seq());
        if (snapshot) {
            g.writeBooleanField("snapshot", true);
        }
        g.writeEndObject();
        return writer.end();
    }

    private static void numberIfKnown(JsonGenerator g, String field, BigDecimal value) throws IOException {
        if (value != null) {
            PlainDecimals.writeField(g, field, value);
        }
    }

    static String status(OrderStatus status) {
        return switch (status) {
            case SUBMITTED -> "Submitted";
            case PARTIALLY_FILLED -> "PartiallyFilled";
            case FILLED -> "Filled";
            case CANCELLED -> "Cancelled";
            case REJECTED -> "Rejected";
        };
    }

    private static void order(JsonGenerator g, OrderView order) throws IOException {
        g.writeStartObject();
        g.writeStringField("order_id", order.orderId());
        g.writeStringField("client_order_id", order.clientOrderId());
        g.writeStringField("instrument_id", order.instrument());
        g.writeStringField("direction", order.side().name());
        g.writeStringField("offset", order.offset().name());
        g.writeStringField("order_type", order.type().name());
        g.writeStringField("time_in_force", order.timeInForce() == null ? null : order.timeInForce().name());
        PlainDecimals.writeField(g, "price", order.price());
        PlainDecimals.writeField(g, "volume", order.quantity());
        PlainDecimals.writeField(g, "filled_volume", order.filled());
        PlainDecimals.writeField(g, "remaining_volume", order.remaining());
        PlainDecimals.writeField(g, "avg_price", order.avgFillPrice());
        g.writeStringField("status", status(order.status()));
        g.writeStringField("source", order.source() == null ? null : order.source().name());
        g.writeNumberField("created_at", order.createdAt());
        g.writeNumberField("updated_at", order.updatedAt());
        g.writeBooleanField("post_only", order.postOnly());
        g.writeEndObject();
    }

    /** An account's fields after its {@code user_id}. */
    private static void accountFields(JsonGenerator g, AccountView account) throws IOException {
        g.writeStringField("currency", account.currency());
        PlainDecimals.writeField(g, "balance", account.balance());
        PlainDecimals.writeField(g, "available", account.available());
        PlainDecimals.writeField(g, "frozen", account.frozen());
        PlainDecimals.writeField(g, "margin", account.margin());
        PlainDecimals.writeField(g, "profit", account.profit());
        PlainDecimals.writeField(g, "risk_ratio", account.riskRatio());
        PlainDecimals.writeField(g, "fees", account.fees()); // extension: trading fees paid so far
    }

    private static void position(JsonGenerator g, PositionView position) throws IOException {
        g.writeStartObject();
        g.writeStringField("instrument_id", position.instrument());
        PlainDecimals.writeField(g, "long_volume", position.longQuantity());
        PlainDecimals.writeField(g, "long_avg_price", position.longAvgPrice());
        PlainDecimals.writeField(g, "short_volume", position.shortQuantity());
        PlainDecimals.writeField(g, "short_avg_price", position.shortAvgPrice());
        PlainDecimals.writeField(g, "margin", position.margin());
        PlainDecimals.writeField(g, "realized_pnl", position.realizedPnl());
        PlainDecimals.writeField(g, "unrealized_pnl", position.unrealizedPnl());
        PlainDecimals.writeField(g, "mark_price", position.markPrice());
        g.writeNumberField("timestamp", position.timestamp());
        g.writeEndObject();
    }

    private static void levels(JsonGenerator g, String field, List<BookLevel> levels) throws IOException {
        g.writeArrayFieldStart(field);
        for (BookLevel level : levels) {
            g.writeStartObject();
            PlainDecimals.writeField(g, "price", level.price());
            PlainDecimals.writeField(g, "volume", level.quantity());
            g.writeNumberField("order_count", level.orderCount());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
