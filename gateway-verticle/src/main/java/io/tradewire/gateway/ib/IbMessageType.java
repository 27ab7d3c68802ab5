package io.tradewire.gateway.ib;

import java.util.Optional;

/** The message types a client of the ib dialect subscribes to ({@code message_types}), in the seed's order. */
enum IbMessageType {
    /** Every change of the user's orders (stream {@code user.<uid>.orders}). */
    ORDER_UPDATE("order_update", true),
    /** The user's orders created, modified or cancelled, with a human message (same stream). */
    ORDER_NOTIFICATION("order_notification", true),
    /** Created, modified or cancelled orders of the user whose source is MCP (same stream). */
    MCP_ORDER("mcp_order", true),
    /** The user's account after every change (stream {@code user.<uid>.account}). */
    ACCOUNT_UPDATE("account_update", true),
    /** Quotes and last trades of instruments (streams {@code market.<symbol>.book|ticker}); public. */
    MARKET_DATA("market_data", false),
    /** Unsolicited error notifications; replies to the client's own requests arrive whatever it subscribed. */
    ERROR("error", false);

    private final String wire;
    private final boolean needsPrincipal;

    IbMessageType(String wire, boolean needsPrincipal) {
        this.wire = wire;
        this.needsPrincipal = needsPrincipal;
    }

    String wire() {
        return wire;
    }

    boolean needsPrincipal() {
        return needsPrincipal;
    }

    /** Whether the type is rendered from the user's orders stream. */
    boolean fromOrders() {
        return this == ORDER_UPDATE || this == ORDER_NOTIFICATION || this == MCP_ORDER;
    }

    static Optional<IbMessageType> parse(String wire) {
        for (IbMessageType type : values()) {
            if (type.wire.equals(wire)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
