package io.tradewire.model.command;

/**
 * A canonical request to a venue or broker: request/reply on {@code matching.<venue>} or
 * {@code broker.<broker>}. Every command is made on behalf of an authenticated user.
 */
public sealed interface Command permits SubmitOrder, CancelOrder, QueryOrder, QueryOrders, QueryAccount, QueryPositions {
    String userId();
}
