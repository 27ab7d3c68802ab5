package io.tradewire.gateway.socketio;

import io.tradewire.model.StreamKeys;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a client can subscribe to with {@code subscribe_trading}: each type is one periodic push and is
 * fed by the user's private streams.
 */
public enum TradingType {
    BALANCE("balance_update"),
    POSITIONS("positions_update"),
    PNL("pnl_update"),
    ORDERS("orders_update");

    private final String event;

    TradingType(String event) {
        this.event = event;
    }

    /** The wire name in {@code types}: {@code balance}, {@code positions}, {@code pnl}, {@code orders}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The event (and the envelope's {@code type}) of this push. */
    public String event() {
        return event;
    }

    /** The streams this push is computed from (balance and PnL both come from the account). */
    public List<String> streams(String userId) {
        return switch (this) {
            case BALANCE, PNL -> List.of(StreamKeys.userAccount(userId));
            case POSITIONS -> List.of(StreamKeys.userPositions(userId));
            case ORDERS -> List.of(StreamKeys.userOrders(userId));
        };
    }

    public static Optional<TradingType> fromWire(String name) {
        for (TradingType type : values()) {
            if (type.wireName().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
