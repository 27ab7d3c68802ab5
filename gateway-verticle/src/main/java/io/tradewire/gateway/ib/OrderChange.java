package io.tradewire.gateway.ib;

/** What an order update means for {@code order_notification} and {@code mcp_order}. */
enum OrderChange {
    /** The order appeared: status SUBMITTED with nothing filled, not seen before by this session. */
    CREATED,
    /** An order this session already knows changed its limit price or its quantity. */
    MODIFIED,
    /** The order was cancelled (by its owner, or its unfilled rest by the venue for IOC / MARKET orders). */
    CANCELLED
}
