package io.tradewire.bench.lob;

import exchange.core2.collections.objpool.ObjectsPool;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.MatcherEventType;
import exchange.core2.core.common.MatcherTradeEvent;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import exchange.core2.core.common.config.LoggingConfiguration;
import exchange.core2.core.orderbook.IOrderBook;
import exchange.core2.core.orderbook.OrderBookDirectImpl;
import exchange.core2.core.orderbook.OrderBookEventsHelper;
import java.util.HashMap;
import java.util.Map;

/**
 * The stream through exchange-core's order book alone ({@link OrderBookDirectImpl}: what its matching-engine thread
 * runs, no disruptor pipeline, no risk engine), set up and fed the way the reference harness's "book" mode does.
 * Needs the {@code --add-opens} flags of {@code xc-jvmflags.txt}: run it through {@link XcBookMain}.
 */
final class XcBookEngine implements LobReplay.Engine {
    private static final int SYMBOL = 1;
    private static final long BID_RESERVE = 20_000; // above the generator's price band

    private final IOrderBook book;
    private final OrderCommand cmd = new OrderCommand();
    private long fills;
    private long rejected;

    XcBookEngine() {
        CoreSymbolSpecification spec = CoreSymbolSpecification.builder()
                .symbolId(SYMBOL).type(SymbolType.CURRENCY_EXCHANGE_PAIR)
                .baseCurrency(1).quoteCurrency(2).baseScaleK(1).quoteScaleK(1)
                .takerFee(0).makerFee(0).build();
        Map<Integer, Integer> pools = new HashMap<>();
        pools.put(ObjectsPool.DIRECT_ORDER, 1024 * 1024);
        pools.put(ObjectsPool.DIRECT_BUCKET, 1024 * 64);
        pools.put(ObjectsPool.ART_NODE_4, 1024 * 32);
        pools.put(ObjectsPool.ART_NODE_16, 1024 * 16);
        pools.put(ObjectsPool.ART_NODE_48, 1024 * 8);
        pools.put(ObjectsPool.ART_NODE_256, 1024 * 4);
        book = new OrderBookDirectImpl(spec, new ObjectsPool(new HashMap<>(pools)),
                OrderBookEventsHelper.NON_POOLED_EVENTS_HELPER, LoggingConfiguration.DEFAULT);
    }

    @Override
    public void apply(LobStream s, int i) {
        byte kind = s.kindCode(i);
        cmd.symbol = SYMBOL;
        cmd.orderId = s.orderId(i);
        cmd.uid = s.uid(i);
        cmd.price = s.price(i);
        cmd.size = s.quantity(i);
        cmd.action = s.isBid(i) ? OrderAction.BID : OrderAction.ASK;
        cmd.reserveBidPrice = s.isBid(i) ? BID_RESERVE : 0;
        cmd.resultCode = CommandResultCode.VALID_FOR_MATCHING_ENGINE;
        cmd.matcherEvent = null;
        switch (kind) {
            case 1, 2 -> {
                cmd.command = OrderCommandType.PLACE_ORDER;
                cmd.orderType = kind == 1 ? OrderType.GTC : OrderType.IOC;
            }
            case 3 -> cmd.command = OrderCommandType.CANCEL_ORDER;
            default -> cmd.command = OrderCommandType.MOVE_ORDER;
        }
        if (IOrderBook.processCommand(book, cmd) != CommandResultCode.SUCCESS) rejected++;
        for (MatcherTradeEvent ev = cmd.matcherEvent; ev != null; ev = ev.nextEvent) {
            if (ev.eventType == MatcherEventType.TRADE) fills++;
        }
        cmd.matcherEvent = null;
    }

    @Override
    public long fills() {
        if (rejected != 0) throw new IllegalStateException("exchange-core rejected " + rejected + " commands");
        return fills;
    }

    @Override
    public void resetFills() {
        fills = 0;
    }
}
