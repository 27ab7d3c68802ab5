package io.tradewire.gateway.ib;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.SessionView;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.BrokerNotice;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.Tick;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderList;
import io.tradewire.model.view.OrderView;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders canonical outbound messages as ib-dialect frames with the seed's field names. Replies carry the
 * time they are written, pushes the time of their event; both as ISO-8601 local date-times with
 * microseconds in the configured zone ({@code 2023-03-15T10:30:45.123456}).
 */
final class IbEncoder {
    static final String TIMESTAMP_PATTERN = "uuuu-MM-dd'T'HH:mm:ss.SSSSSS";
    /** The text of the {@code AUTH_FAILED} error; a successful authentication is not answered (the seed has no such message). */
    static final String AUTH_FAILED_DETAIL = "Authentication failed: invalid or expired token";

    private final IbConfig config;
    private final Clock clock;
    private final DateTimeFormatter timestamps;

    IbEncoder(IbConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.timestamps = DateTimeFormatter.ofPattern(TIMESTAMP_PATTERN).withZone(config.zone());
    }

    List<String> encode(Outbound message, SessionView session) {
        IbState state = IbState.of(session, config);
        List<ObjectNode> frames = new ArrayList<>(1);
        if (message instanceof Outbound.Delivery delivery) {
            push(delivery, state, frames);
            // Extra fields old clients ignore: which stream, its epoch and sequence number (for subscribe positions).
            frames.forEach(frame -> frame.put("stream", delivery.push().stream()).put("epoch", delivery.push().epoch())
                    .put("seq", delivery.push().seq()));
        } else if (message instanceof Outbound.Resumed resumed) {
            ObjectNode frame = ClientJson.object().put("type", "resumed");
            ArrayNode results = frame.putArray("results");
            resumed.results().forEach(r -> results.addObject().put("stream", r.stream()).put("recovered", r.recovered()));
            frames.add(frame.put("timestamp", now()));
        } else if (message instanceof Outbound.Resync resync) {
            frames.add(ClientJson.object().put("type", "resync").put("stream", resync.stream()).put("epoch", resync.epoch())
                    .put("seq", resync.seq()).put("timestamp", now()));
        } else if (message instanceof Outbound.SubscriptionResult result) {
            frames.add(subscriptionResult(result, state, session));
        } else if (message instanceof Outbound.CommandResult result) {
            frames.add(commandResult(result, state));
        } else if (message instanceof Outbound.Pong) {
            frames.add(ClientJson.object().put("type", "pong").put("timestamp", now()));
        } else if (message instanceof Outbound.Failure failure) {
            String errorCode = failure.detail() instanceof String own ? own : IbErrors.of(failure.code());
            frames.add(error(state, errorCode, failure.message(), failure.requestType()));
        } else if (message instanceof Outbound.Closing closing) {
            frames.add(error(state, IbErrors.of(closing.reason()), closing.message(), null));
        } else if (message instanceof Outbound.AuthResult auth && !auth.success()) {
            // Never the verifier's text: a fixed message that cannot carry any part of the token.
            frames.add(error(state, IbErrors.AUTH_FAILED, AUTH_FAILED_DETAIL, null));
        }
        // Opened, Heartbeat and a successful AuthResult render as nothing: the seed greets no one.
        List<String> written = new ArrayList<>(frames.size());
        frames.forEach(frame -> written.add(ClientJson.write(frame)));
        return written;
    }

    String format(long epochMillis) {
        return timestamps.format(Instant.ofEpochMilli(epochMillis));
    }

    private String now() {
        return timestamps.format(clock.instant());
    }

    // -- replies ----------------------------------------------------------------------------------

    private ObjectNode subscriptionResult(Outbound.SubscriptionResult result, IbState state, SessionView session) {
        boolean subscribe = result.request() instanceof Inbound.Subscribe;
        if (!result.success()) {
            return error(state, IbErrors.INVALID_MESSAGE, result.message(), subscribe ? IbCodec.SUBSCRIBE : IbCodec.UNSUBSCRIBE);
        }
        ObjectNode frame = ClientJson.object().put("type", subscribe ? "subscribed" : "unsubscribed");
        ArrayNode types = frame.putArray("message_types");
        state.activeTypes().forEach(types::add);
        ArrayNode symbols = frame.putArray("symbols");
        if (state.isActive(IbMessageType.MARKET_DATA)) {
            state.symbols().forEach(symbols::add);
        }
        return frame.put("client_id", state.clientId())
                .put("user_id", session.principal().orElse(null))
                .put("timestamp", now());
    }

    private ObjectNode commandResult(Outbound.CommandResult result, IbState state) {
        String requestType = result.request().requestType();
        if (!result.success()) {
            return error(state, IbErrors.of(result.error()), result.message(), requestType);
        }
        ObjectNode frame = ClientJson.object().put("type", "orders");
        ArrayNode data = frame.putArray("data");
        if (result.reply() instanceof OrderList list) {
            list.orders().forEach(order -> data.add(orderData(order)));
        }
        return frame.put("timestamp", now());
    }

    private ObjectNode error(IbState state, String errorCode, String detail, String requestType) {
        String text = detail == null || detail.isBlank() ? errorCode : detail;
        String summary = state.language().errorSummary(errorCode);
        ObjectNode frame = ClientJson.object().put("type", "error")
                .put("message", summary == null ? text : summary + ": " + text)
                .put("error_code", errorCode)
                .put("timestamp", now());
        if (requestType != null) {
            frame.put("request_type", requestType);
        }
        return frame;
    }

    // -- pushes -----------------------------------------------------------------------------------

    private void push(Outbound.Delivery delivery, IbState state, List<ObjectNode> frames) {
        Event event = delivery.push().event();
        if (event instanceof OrderUpdated updated) {
            orderPushes(updated.order(), delivery.snapshot(), state, frames);
        } else if (event instanceof AccountChanged changed) {
            if (state.isActive(IbMessageType.ACCOUNT_UPDATE)) {
                frames.add(account(changed.account()));
            }
        } else if (event instanceof BookChanged book) {
            if (state.wantsSymbol(book.instrument())) {
                frames.add(marketData(book.instrument(), state.quote(book), book.timestamp()));
            }
        } else if (event instanceof BrokerNotice notice) {
            if (state.isActive(IbMessageType.ERROR)) {
                frames.add(error(state, IbErrors.of(ErrorCode.UNAVAILABLE), notice.message(), null));
            }
        } else if (event instanceof Tick tick) {
            if (state.wantsSymbol(tick.instrument())) {
                frames.add(marketData(tick.instrument(), state.quote(tick), tick.timestamp()));
            }
        }
    }

    /**
     * One order update: {@code order_update} for every change (also for the working orders of a snapshot),
     * then for live creations, modifications and cancellations an {@code order_notification}, and an
     * {@code mcp_order} when the order's source is MCP; each only when its type is active.
     */
    private void orderPushes(OrderView order, boolean snapshot, IbState state, List<ObjectNode> frames) {
        OrderChange change = state.follow(order, snapshot);
        String timestamp = format(order.updatedAt());
        if (state.isActive(IbMessageType.ORDER_UPDATE)) {
            frames.add(ClientJson.object().put("type", "order_update").<ObjectNode>set("data", orderData(order))
                    .put("timestamp", timestamp));
        }
        if (change == null) {
            return;
        }
        IbLanguage language = state.language();
        if (state.isActive(IbMessageType.ORDER_NOTIFICATION)) {
            ObjectNode data = summary(order);
            frames.add(ClientJson.object().put("type", "order_notification")
                    .put("action", language.notificationAction(change))
                    .<ObjectNode>set("data", data)
                    .put("message", language.notificationMessage(change))
                    .put("timestamp", timestamp));
        }
        if (order.source() == OrderSource.MCP && state.isActive(IbMessageType.MCP_ORDER)) {
            ObjectNode data = ClientJson.object()
                    .put("order_id", order.orderId())
                    .put("symbol", order.instrument())
                    .put("action", order.side().name())
                    .put("quantity", order.quantity())
                    .put("order_type", orderType(order.type()))
                    .put("price", priceOf(order))
                    .put("status", status(order.status()));
            frames.add(ClientJson.object().put("type", "mcp_order")
                    .put("action", language.mcpAction(change, order.type()))
                    .<ObjectNode>set("data", data)
                    .put("source", OrderSource.MCP.name())
                    .put("message", language.mcpMessage(change, order.type()))
                    .put("timestamp", timestamp));
        }
    }

    /** {@code order_update.data}, also each item of {@code orders.data}: TWS's orderStatus fields. */
    static ObjectNode orderData(OrderView order) {
        return ClientJson.object()
                .put("order_id", order.orderId())
                .put("symbol", order.instrument())
                .put("action", order.side().name())
                .put("quantity", order.quantity())
                .put("order_type", orderType(order.type()))
                .put("status", status(order.status()))
                .put("filled", zeroIfNull(order.filled()))
                .put("remaining", zeroIfNull(order.remaining()))
                .put("avg_fill_price", zeroIfNull(order.avgFillPrice()))
                .put("price", priceOf(order))
                .put("why_held", "");
    }

    /** {@code order_notification.data}: the seed's shorter list. */
    private static ObjectNode summary(OrderView order) {
        return ClientJson.object()
                .put("order_id", order.orderId())
                .put("symbol", order.instrument())
                .put("action", order.side().name())
                .put("quantity", order.quantity())
                .put("order_type", orderType(order.type()))
                .put("status", status(order.status()))
                .put("price", priceOf(order));
    }

    private ObjectNode account(AccountView account) {
        BigDecimal unrealized = zeroIfNull(account.unrealizedPnl());
        ObjectNode data = ClientJson.object()
                .put("account", account.userId())
                .put("currency", account.currency())
                .put("net_liquidation", zeroIfNull(account.balance()).add(unrealized))
                .put("total_cash_value", account.balance())
                .put("available_funds", account.available())
                .put("frozen", account.frozen())
                .put("margin", account.margin())
                .put("realized_pnl", account.realizedPnl())
                .put("unrealized_pnl", account.unrealizedPnl())
                .put("risk_ratio", account.riskRatio());
        return ClientJson.object().put("type", "account_update").<ObjectNode>set("data", data)
                .put("timestamp", format(account.timestamp()));
    }

    private ObjectNode marketData(String symbol, IbState.Quote quote, long timestamp) {
        ObjectNode data = ClientJson.object()
                .put("symbol", symbol)
                .put("bid", quote.bid)
                .put("bid_size", quote.bidSize)
                .put("ask", quote.ask)
                .put("ask_size", quote.askSize)
                .put("last", quote.last)
                .put("last_size", quote.lastSize);
        return ClientJson.object().put("type", "market_data").<ObjectNode>set("data", data)
                .put("timestamp", format(timestamp));
    }

    /** TWS order status words: a partly filled order is still {@code Submitted} (see {@code filled}). */
    static String status(OrderStatus status) {
        return switch (status) {
            case SUBMITTED, PARTIALLY_FILLED -> "Submitted";
            case FILLED -> "Filled";
            case CANCELLED -> "Cancelled";
            case REJECTED -> "Inactive";
        };
    }

    static String orderType(OrderType type) {
        return type == OrderType.MARKET ? "MKT" : "LMT";
    }

    /** The limit price; 0 for a market order, as TWS reports an order without a limit price. */
    private static BigDecimal priceOf(OrderView order) {
        return zeroIfNull(order.price());
    }

    private static BigDecimal zeroIfNull(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
