package io.tradewire.broker.sim;

import io.tradewire.model.Instrument;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import io.tradewire.model.view.PositionView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Decides what the simulated market does each step: a market maker re-quotes around a random-walk mid
 * price (one walk per instrument, its step's standard deviation the configured volatility) when it moved or a quote
 * was taken, and a taker now and then hits a side with a one-lot market order. Each instrument draws from its own
 * random source, seeded from the configured seed and its symbol, so a seed replays the same walk per instrument
 * whatever other instruments are configured. Both close positions (as the venue reports them before each step) before opening new ones, so
 * their margin stays bounded. Plain and
 * deterministic for a given seed; the verticle sends the commands and feeds back replies and fills.
 */
public final class SimulatedMarket {
    private final SimulatorConfig config;
    private final Map<String, Book> books = new HashMap<>();

    /** What the simulator knows about one instrument. */
    private static final class Book {
        final Instrument instrument;
        final Random random;
        long midTicks;
        boolean requote = true;
        final List<String> quoteIds = new ArrayList<>();
        final Map<String, long[]> positions = new HashMap<>(); // user -> {long lots, short lots}

        Book(Instrument instrument, Random random) {
            this.instrument = instrument;
            this.random = random;
            this.midTicks = instrument.referencePrice().divide(instrument.tickSize(), 0, RoundingMode.HALF_UP).longValueExact();
        }
    }

    /** A market whose walks are seeded from {@code seed} (the configured one, or a random one when that is 0). */
    public SimulatedMarket(SimulatorConfig config, Collection<Instrument> instruments, long seed) {
        this.config = config;
        instruments.forEach(i -> books.put(i.symbol(), new Book(i, new Random(seed * 31 + i.symbol().hashCode()))));
    }

    /** A market seeded from the configuration ({@code seed} 0: a new walk each time). */
    public SimulatedMarket(SimulatorConfig config, Collection<Instrument> instruments) {
        this(config, instruments, config.seed() != 0 ? config.seed() : new Random().nextLong());
    }

    /** The current mid price of an instrument's walk. */
    public BigDecimal mid(String symbol) {
        Book book = books.get(symbol);
        return book.instrument.tickSize().multiply(BigDecimal.valueOf(book.midTicks));
    }

    /** The commands of one step, in the order to send them. */
    public List<Command> step() {
        List<Command> commands = new ArrayList<>();
        for (Book book : books.values()) {
            long move = walk(book);
            if (move != 0 && book.midTicks + move > config.spreadTicks() + config.levels()) {
                book.midTicks += move;
                book.requote = true;
            }
            if (book.requote) {
                book.quoteIds.forEach(id -> commands.add(new CancelOrder(config.marketMaker(), id)));
                book.quoteIds.clear();
                commands.addAll(quotes(book));
                book.requote = false;
            }
            if (book.random.nextDouble() < config.takerProbability()) {
                Side side = book.random.nextBoolean() ? Side.BUY : Side.SELL;
                commands.add(order(book, config.taker(), side, OrderType.MARKET, null, 1));
            }
        }
        return commands;
    }

    /**
     * One step of the walk in ticks: a normal move with standard deviation volatility × price, rounded at random in
     * proportion (so that moves smaller than a tick still happen, without drift).
     */
    private long walk(Book book) {
        double ticks = book.midTicks * config.volatility() * book.random.nextGaussian();
        return (long) Math.floor(ticks + book.random.nextDouble());
    }

    /** A reply to one of the simulator's own orders. */
    public void onAccepted(OrderView order) {
        Book book = books.get(order.instrument());
        if (book != null && order.userId().equals(config.marketMaker()) && !order.status().isFinal()) {
            book.quoteIds.add(order.orderId());
        }
    }

    /**
     * A fill: when the maker's quote was taken, re-quote next step. The quote stays in the cancel list:
     * it may be only partly filled, and cancelling a filled one is merely refused by the venue.
     */
    public void onTrade(TradeExecuted trade) {
        Book book = books.get(trade.instrument());
        if (book != null && trade.userId().equals(config.marketMaker())) {
            book.requote = true;
        }
    }

    /** The venue's view of a simulator user's positions, taken just before a step (the authority on what may be closed). */
    public void updatePositions(String user, PositionList positions) {
        books.values().forEach(book -> book.positions.remove(user));
        for (PositionView position : positions.positions()) {
            Book book = books.get(position.instrument());
            if (book != null) {
                book.positions.put(user, new long[] {lots(book, position.longQuantity()), lots(book, position.shortQuantity())});
            }
        }
    }

    private static long lots(Book book, BigDecimal quantity) {
        return quantity == null ? 0 : quantity.divide(book.instrument.lotSize(), 0, RoundingMode.DOWN).longValue();
    }

    private List<Command> quotes(Book book) {
        List<Command> commands = new ArrayList<>();
        long half = Math.max(1, config.spreadTicks() / 2);
        for (int level = 0; level < config.levels(); level++) {
            commands.add(order(book, config.marketMaker(), Side.BUY, OrderType.LIMIT, book.midTicks - half - level, config.quantity()));
            commands.add(order(book, config.marketMaker(), Side.SELL, OrderType.LIMIT, book.midTicks + half + level, config.quantity()));
        }
        return commands;
    }

    private SubmitOrder order(Book book, String user, Side side, OrderType type, Long priceTicks, long lots) {
        long[] position = book.positions.computeIfAbsent(user, u -> new long[2]);
        // Selling closes a long, buying closes a short, when enough is left to close after this step's other orders.
        int closes = side == Side.SELL ? 0 : 1;
        Offset offset = position[closes] >= lots ? Offset.CLOSE : Offset.OPEN;
        if (offset == Offset.CLOSE) {
            position[closes] -= lots;
        }
        Instrument instrument = book.instrument;
        BigDecimal price = priceTicks == null ? null : instrument.tickSize().multiply(BigDecimal.valueOf(priceTicks));
        BigDecimal quantity = instrument.lotSize().multiply(BigDecimal.valueOf(lots));
        return new SubmitOrder(user, null, instrument.symbol(), side, offset, type,
                type == OrderType.MARKET ? TimeInForce.IOC : TimeInForce.GTC, price, quantity, OrderSource.ALGO);
    }
}
