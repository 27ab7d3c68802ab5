package io.tradewire.matching.engine;

import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.view.OrderView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A seeded stream of venue commands (submits of every type, time in force and offset; cancels of known
 * and unknown ids; account-opening queries) with a clock that mostly creeps, sometimes jumps across bar
 * buckets and now and then steps back, as a wall clock may.
 */
public final class RandomCommands {
    public static final List<String> USERS = List.of("u0", "u1", "u2", "u3", "u4", "u5");
    public static final List<Instrument> INSTRUMENTS = List.of(TestInstruments.IX2301, TestInstruments.AAPL, TestInstruments.BTCUSDT);
    public static final BigDecimal STARTING = new BigDecimal("250000");
    private static final TimeInForce[] TIFS = {null, TimeInForce.GTC, TimeInForce.GTC, TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK};

    private final Random random;
    private final AtomicLong clock;
    private final List<String> orderIds = new ArrayList<>();

    public RandomCommands(long seed) {
        this.random = new Random(seed);
        this.clock = new AtomicLong(1_700_000_000_000L + random.nextInt(1_000_000_000));
    }

    public static InstrumentDirectory instruments() {
        return TestInstruments.directory();
    }

    public static VenueSettings settings() {
        return new VenueSettings(true, STARTING, "USD", 10);
    }

    /** A venue as the tests configure it, reading {@code clock}. */
    public static Venue venue(LongSupplier clock) {
        return new Venue("prop", instruments(), settings(), clock);
    }

    /** A venue that must never read its clock (replay uses recorded timestamps only). */
    public static Venue replayVenue() {
        return venue(() -> {
            throw new AssertionError("replay read the wall clock");
        });
    }

    public Random random() {
        return random;
    }

    /** Advances the clock and returns the time for the next command. */
    public long tick() {
        int kind = random.nextInt(100);
        if (kind < 3) {
            clock.addAndGet(-random.nextInt(5_000)); // the wall clock stepped back
        } else if (kind < 10) {
            clock.addAndGet(random.nextInt(7_200_000)); // up to two hours: bars roll over
        } else {
            clock.addAndGet(random.nextInt(3));
        }
        return clock.get();
    }

    public long now() {
        return clock.get();
    }

    public Command next() {
        String user = USERS.get(random.nextInt(USERS.size()));
        int kind = random.nextInt(20);
        if (kind < 4 && !orderIds.isEmpty()) {
            return new CancelOrder(user, orderIds.get(random.nextInt(orderIds.size())));
        }
        if (kind == 4) {
            return new CancelOrder(user, "O00000000000000000000"); // unknown: rejected
        }
        if (kind == 5) {
            return new QueryAccount("fresh" + random.nextInt(1000)); // opens a pristine account without a journal record
        }
        if (kind == 6) {
            return random.nextBoolean() ? new QueryOrders(user) : new QueryPositions(user, null);
        }
        Instrument instrument = INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size()));
        Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        Offset offset = random.nextInt(10) < 6 ? Offset.OPEN : Offset.CLOSE;
        OrderType type = random.nextInt(10) < 8 ? OrderType.LIMIT : OrderType.MARKET;
        TimeInForce tif = TIFS[random.nextInt(TIFS.length)];
        BigDecimal price = instrument.referencePrice().add(instrument.tickSize().multiply(BigDecimal.valueOf(random.nextInt(21) - 10)));
        if (random.nextInt(50) == 0) {
            price = price.add(instrument.tickSize().divide(BigDecimal.TEN)); // off the grid: rejected
        }
        // Trailing zeros vary the scale of the same value: replay must not care.
        BigDecimal quantity = instrument.lotSize().multiply(BigDecimal.valueOf(1 + random.nextInt(20))).setScale(3 + random.nextInt(3));
        String clientOrderId = random.nextInt(3) == 0 ? "c-" + random.nextInt(100) : null;
        return new SubmitOrder(user, clientOrderId, instrument.symbol(), side, offset, type, tif,
                type == OrderType.MARKET && random.nextBoolean() ? null : price, quantity, OrderSource.ALGO);
    }

    /** Remembers order ids from replies, so later commands cancel real orders. */
    public void observe(Object reply) {
        if (reply instanceof OrderView view && !orderIds.contains(view.orderId())) {
            orderIds.add(view.orderId());
        }
    }

    public List<String> orderIds() {
        return orderIds;
    }
}
