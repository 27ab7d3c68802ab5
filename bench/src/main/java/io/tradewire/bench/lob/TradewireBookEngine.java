package io.tradewire.bench.lob;

import io.tradewire.matching.engine.FillListener;
import io.tradewire.matching.engine.OrderBook;
import io.tradewire.model.Side;

/**
 * The stream through the venue's {@link OrderBook} alone: GTC = match then rest the remainder, IOC = match and
 * drop it, cancel = remove, move = remove, match at the new price, rest the remainder at the back of its level
 * (it loses priority). A cancel or move must find the order with the quantity the stream expects.
 */
public final class TradewireBookEngine implements LobReplay.Engine, FillListener {
    private final OrderBook book = new OrderBook("LOB");
    private long fills;

    @Override
    public void apply(LobStream s, int i) {
        long id = s.orderId(i);
        Side side = s.isBid(i) ? Side.BUY : Side.SELL;
        long px = s.price(i);
        switch (s.kindCode(i)) {
            case 1 -> { // GTC
                long left = book.match(side, px, s.quantity(i), this);
                if (left > 0) book.add(id, side, px, left);
            }
            case 2 -> book.match(side, px, s.quantity(i), this); // IOC
            case 3 -> expectResting(id, book.cancel(id), s.quantity(i));
            case 4 -> { // MOVE
                long rest = book.cancel(id);
                expectResting(id, rest, s.quantity(i));
                long left = book.match(side, px, rest, this);
                if (left > 0) book.add(id, side, px, left);
            }
            default -> throw new IllegalStateException("command kind " + s.kindCode(i));
        }
    }

    private static void expectResting(long id, long found, int expected) {
        if (found != expected) {
            throw new IllegalStateException("order " + id + " rests with " + found + " lots, the stream expects " + expected);
        }
    }

    @Override
    public void onFill(long makerOrderId, long priceTicks, long lots, long makerRemaining) {
        fills++;
    }

    @Override
    public long fills() {
        return fills;
    }

    @Override
    public void resetFills() {
        fills = 0;
    }

    OrderBook book() {
        return book;
    }
}
