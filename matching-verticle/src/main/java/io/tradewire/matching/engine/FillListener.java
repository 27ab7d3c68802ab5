package io.tradewire.matching.engine;

/**
 * Receives the fills of one {@link OrderBook#match} call, in execution order. The book has already
 * applied the fill when it calls back (the maker's remaining quantity is reduced, a filled maker is
 * removed), so a listener sees a consistent book, but it must not modify the book itself.
 */
@FunctionalInterface
public interface FillListener {
    /**
     * @param makerOrderId   the resting order that was hit
     * @param priceTicks     the execution price: always the maker's price
     * @param lots           the quantity filled
     * @param makerRemaining what is left of the maker (0 when it was filled completely and left the book)
     */
    void onFill(long makerOrderId, long priceTicks, long lots, long makerRemaining);
}
