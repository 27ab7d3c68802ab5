package io.tradewire.model;

/**
 * Order ids of orders held at a broker: {@code <broker>-<the broker's own order id>} (e.g.
 * {@code bybit-1321003749386327552}, {@code ib-1408241327}). The prefix tells the gateway where a cancel, amend or
 * query of that order goes; the rest is the broker's id unchanged, so a user can find the order in the broker's own
 * tools. The default venue's order ids ({@code O…}) have no dash, so they never look like a broker's; another venue's
 * ({@code crypto-O…}, {@link VenueOrderIds}) do, and a broker may not have a venue's name.
 */
public final class BrokerOrderIds {
    private static final char SEPARATOR = '-';

    private BrokerOrderIds() {
    }

    /** The canonical id of a broker's order. */
    public static String of(String broker, String brokerOrderId) {
        return broker + SEPARATOR + brokerOrderId;
    }

    /** The broker an order id names, or null when it is not a broker order id. */
    public static String brokerOf(String orderId) {
        int dash = orderId == null ? -1 : orderId.indexOf(SEPARATOR);
        return dash <= 0 ? null : orderId.substring(0, dash);
    }

    /** The broker's own id inside a canonical id of that broker, or null when the id is not that broker's. */
    public static String brokerIdOf(String broker, String orderId) {
        return orderId != null && orderId.length() > broker.length() + 1 && broker.equals(brokerOf(orderId))
                ? orderId.substring(broker.length() + 1)
                : null;
    }
}
