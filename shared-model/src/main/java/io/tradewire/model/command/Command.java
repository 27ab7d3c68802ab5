package io.tradewire.model.command;

/**
 * A canonical request to a venue or broker: request/reply on {@code matching.<venue>} or
 * {@code broker.<broker>}. Every private command is made on behalf of an authenticated user; queries of
 * public market data ({@link QueryBook}) have none.
 */
public sealed interface Command
        permits SubmitOrder, CancelOrder, AmendOrder, Deposit, Withdraw, QueryOrder, QueryOrders, QueryAccount, QueryPositions, QueryBook,
                QueryBar, QuerySummary {
    /** The user on whose behalf the command is made; null for public market-data queries. */
    String userId();
}
