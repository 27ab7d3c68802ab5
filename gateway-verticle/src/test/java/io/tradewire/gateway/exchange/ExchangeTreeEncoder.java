package io.tradewire.gateway.exchange;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.SessionView;
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
import java.util.List;

/**
 * The exchange dialect's encoder as it was before frames were written straight to UTF-8: a Jackson tree per frame,
 * written with {@link ClientJson#write}. Kept here only as the reference {@link ExchangeEncodingEquivalenceTest} holds
 * the streaming {@link ExchangeEncoder} to.
 */
final class ExchangeTreeEncoder {

    List<String> encode(Outbound message, SessionView session) {
        ObjectNode frame;
        if (message instanceof Outbound.Delivery delivery) {
            frame = push(delivery.push(), session);
            if (frame != null && delivery.snapshot()) {
                frame.put("snapshot", true);
            }
        } else if (message instanceof Outbound.Resync resync) {
            frame = ClientJson.object().put("type", "resync").put("stream", resync.stream()).put("epoch", resync.epoch())
                    .put("seq", resync.seq())
                    .put("message", "Messages of this stream were lost and cannot be replayed: its current state follows");
        } else if (message instanceof Outbound.Resumed resumed) {
            frame = ClientJson.object().put("type", "resume_response").put("success", true);
            ArrayNode results = frame.putArray("results");
            resumed.results().forEach(result -> results.addObject().put("stream", result.stream()).put("recovered", result.recovered()));
        } else if (message instanceof Outbound.CommandResult result) {
            frame = commandResult(result);
        } else if (message instanceof Outbound.AuthResult auth) {
            frame = ClientJson.object().put("type", "auth_response").put("success", auth.success())
                    .put("user_id", auth.success() ? auth.userId() : "").put("message", auth.message());
        } else if (message instanceof Outbound.SubscriptionResult result) {
            frame = subscriptionResult(result);
        } else if (message instanceof Outbound.Pong pong) {
            frame = ClientJson.object().put("type", "pong").put("timestamp", pong.timestamp());
        } else if (message instanceof Outbound.Failure failure) {
            frame = failure(failure);
        } else if (message instanceof Outbound.Closing closing) {
            // The last frame before the server closes (4001 token expired, 1008 rate-limit abuse or too many sessions).
            frame = error(closing.reason().errorCode(), closing.message()).put("close_code", closing.reason().closeCode());
        } else {
            frame = null;
        }
        return frame == null ? List.of() : List.of(ClientJson.write(frame));
    }

    private static ObjectNode failure(Outbound.Failure failure) {
        String requestType = failure.requestType();
        if (failure.code() != ErrorCode.UNAUTHENTICATED && requestType != null) {
            switch (requestType) {
                case ExchangeCodec.SUBMIT_ORDER, ExchangeCodec.CANCEL_ORDER, ExchangeCodec.AMEND_ORDER:
                    return orderResponse(null, failure.code(), failure.message());
                case ExchangeCodec.AUTH:
                    return ClientJson.object().put("type", "auth_response").put("success", false).put("user_id", "")
                            .put("message", failure.message());
                case ExchangeCodec.SUBSCRIBE, ExchangeCodec.UNSUBSCRIBE, ExchangeCodec.RESUME:
                    return ClientJson.object().put("type", requestType + "_response").put("success", false)
                            .put("message", failure.message()).put("error_code", code(failure.code()));
                default:
                    break;
            }
        }
        ObjectNode error = error(failure.code(), failure.message());
        if (requestType != null) {
            error.put("request_type", requestType);
        }
        return error;
    }

    private static ObjectNode error(ErrorCode code, String message) {
        return ClientJson.object().put("type", "error").put("code", code(code)).put("message", message);
    }

    /** The seed's codes for what it defines; 4xx request problems it does not name collapse to 400. */
    static int code(ErrorCode code) {
        return switch (code) {
            case UNSUPPORTED, TOO_LARGE -> 400;
            default -> code.code();
        };
    }

    private static ObjectNode subscriptionResult(Outbound.SubscriptionResult result) {
        if (result.request() instanceof io.tradewire.gateway.spi.Inbound.Subscribe request
                && request.echo() instanceof ExchangeSubscriptions.Resume) {
            // A resume is answered by resume_response once its streams are settled; only a refusal is answered now.
            return result.success() ? null : ClientJson.object().put("type", "resume_response").put("success", false)
                    .put("message", result.message()).put("error_code", code(ErrorCode.FORBIDDEN));
        }
        boolean subscribe = result.request() instanceof io.tradewire.gateway.spi.Inbound.Subscribe;
        ObjectNode frame = ClientJson.object()
                .put("type", subscribe ? "subscribe_response" : "unsubscribe_response")
                .put("success", result.success());
        Object echo = subscribe
                ? ((io.tradewire.gateway.spi.Inbound.Subscribe) result.request()).echo()
                : ((io.tradewire.gateway.spi.Inbound.Unsubscribe) result.request()).echo();
        if (echo instanceof ExchangeSubscriptions.Request request) {
            request.channels().forEach(frame.putArray("channels")::add);
            request.instruments().forEach(frame.putArray("instruments")::add);
        }
        return frame.put("message", result.message());
    }

    private static ObjectNode commandResult(Outbound.CommandResult result) {
        String requestType = result.request().requestType();
        if (requestType.equals(ExchangeCodec.SUBMIT_ORDER) || requestType.equals(ExchangeCodec.CANCEL_ORDER)
                || requestType.equals(ExchangeCodec.AMEND_ORDER)) {
            return result.success()
                    ? orderResponse(((OrderView) result.reply()).orderId(), null, null)
                    : orderResponse(null, result.error(), result.message());
        }
        if (!result.success()) {
            return error(result.error(), result.message()).put("request_type", requestType);
        }
        ObjectNode frame = ClientJson.object().put("type", "query_response").put("request_type", requestType);
        ObjectNode data = frame.putObject("data");
        Object reply = result.reply();
        if (reply instanceof OrderView order) {
            data.set("order", order(order));
        } else if (reply instanceof AccountView account) {
            data.set("account", account(account));
        } else if (reply instanceof PositionList positions) {
            ArrayNode array = data.putArray("positions");
            positions.positions().forEach(position -> array.add(position(position)));
        }
        return frame;
    }

    private static ObjectNode orderResponse(String orderId, ErrorCode error, String message) {
        ObjectNode frame = ClientJson.object().put("type", "order_response").put("success", error == null);
        frame.put("order_id", orderId);
        if (error == null) {
            frame.putNull("error_code");
        } else {
            frame.put("error_code", code(error));
        }
        return frame.put("error_message", message);
    }

    private static ObjectNode push(Push push, SessionView session) {
        Event event = push.event();
        ObjectNode frame;
        if (event instanceof TradeExecuted trade) {
            if (!ExchangeState.of(session).wantsTrade(trade.instrument())) {
                return null;
            }
            frame = ClientJson.object().put("type", "trade")
                    .put("trade_id", trade.tradeId()).put("order_id", trade.orderId())
                    .put("instrument_id", trade.instrument()).put("direction", trade.side().name())
                    .put("offset", trade.offset().name()).put("price", trade.price()).put("volume", trade.quantity())
                    .put("timestamp", trade.timestamp())
                    .put("fee", trade.fee()); // extension: what this fill cost the user
        } else if (event instanceof OrderUpdated updated) {
            OrderView order = updated.order();
            frame = ClientJson.object().put("type", "order_status")
                    .put("order_id", order.orderId()).put("instrument_id", order.instrument())
                    .put("status", status(order.status()))
                    .put("filled_volume", order.filled()).put("remaining_volume", order.remaining())
                    .put("timestamp", order.updatedAt());
        } else if (event instanceof AccountChanged changed) {
            frame = ClientJson.object().put("type", "account_update");
            frame.setAll(account(changed.account()));
            frame.remove("user_id");
            frame.put("timestamp", changed.account().timestamp());
        } else if (event instanceof BookChanged book) {
            frame = ClientJson.object().put("type", "orderbook").put("instrument_id", book.instrument());
            ArrayNode bids = frame.putArray("bids");
            book.bids().forEach(level -> bids.add(level(level)));
            ArrayNode asks = frame.putArray("asks");
            book.asks().forEach(level -> asks.add(level(level)));
            frame.put("timestamp", book.timestamp());
        } else if (event instanceof BrokerNotice notice) {
            frame = ClientJson.object().put("type", "error").put("code", code(ErrorCode.UNAVAILABLE)).put("message", notice.message());
        } else if (event instanceof Tick tick) {
            frame = ClientJson.object().put("type", "ticker").put("instrument_id", tick.instrument())
                    .put("last_price", tick.lastPrice()).put("volume", tick.quantity()).put("timestamp", tick.timestamp());
            putIfKnown(frame, "volume_24h", tick.volume24h());
            putIfKnown(frame, "best_bid", tick.bestBid());
            putIfKnown(frame, "best_ask", tick.bestAsk());
        } else {
            return null;
        }
        // Extra fields old clients ignore: which stream, its epoch and sequence number.
        return frame.put("stream", push.stream()).put("epoch", push.epoch()).put("seq", push.seq());
    }

    private static void putIfKnown(ObjectNode frame, String field, java.math.BigDecimal value) {
        if (value != null) {
            frame.put(field, value);
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

    private static ObjectNode order(OrderView order) {
        ObjectNode node = ClientJson.object()
                .put("order_id", order.orderId())
                .put("client_order_id", order.clientOrderId())
                .put("instrument_id", order.instrument())
                .put("direction", order.side().name())
                .put("offset", order.offset().name())
                .put("order_type", order.type().name())
                .put("time_in_force", order.timeInForce() == null ? null : order.timeInForce().name())
                .put("price", order.price())
                .put("volume", order.quantity())
                .put("filled_volume", order.filled())
                .put("remaining_volume", order.remaining())
                .put("avg_price", order.avgFillPrice())
                .put("status", status(order.status()))
                .put("source", order.source() == null ? null : order.source().name());
        return node.put("created_at", order.createdAt()).put("updated_at", order.updatedAt()).put("post_only", order.postOnly());
    }

    private static ObjectNode account(AccountView account) {
        return ClientJson.object()
                .put("user_id", account.userId())
                .put("currency", account.currency())
                .put("balance", account.balance())
                .put("available", account.available())
                .put("frozen", account.frozen())
                .put("margin", account.margin())
                .put("profit", account.profit())
                .put("risk_ratio", account.riskRatio())
                .put("fees", account.fees()); // extension: trading fees paid so far
    }

    private static ObjectNode position(PositionView position) {
        return ClientJson.object()
                .put("instrument_id", position.instrument())
                .put("long_volume", position.longQuantity())
                .put("long_avg_price", position.longAvgPrice())
                .put("short_volume", position.shortQuantity())
                .put("short_avg_price", position.shortAvgPrice())
                .put("margin", position.margin())
                .put("realized_pnl", position.realizedPnl())
                .put("unrealized_pnl", position.unrealizedPnl())
                .put("mark_price", position.markPrice())
                .put("timestamp", position.timestamp());
    }

    private static ObjectNode level(BookLevel level) {
        return ClientJson.object().put("price", level.price()).put("volume", level.quantity())
                .put("order_count", level.orderCount());
    }
}
