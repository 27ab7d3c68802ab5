package io.tradewire.matching.engine;

import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.Deposit;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.command.Withdraw;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.view.OrderView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A seeded stream of venue commands with a clock that mostly creeps, sometimes jumps across bar buckets and now and
 * then steps back, as a wall clock may. The stream holds submits of every type, time in force and offset (post-only
 * ones too, client order ids from a small pool so that duplicates happen, prices around the reference so that the
 * instruments' price bands refuse some, users trading against themselves so that self-trade prevention acts), amends
 * of price and / or quantity, cancels of known and unknown ids (by order id or by client order id, which may by then
 * name a later order that reused it; sometimes both ids, which is refused), deposits and withdrawals (some too large, some with
 * too many decimals) and account-opening queries. Its venue has maker / taker fees and price bands.
 */
public final class RandomCommands {
    public static final List<String> USERS = List.of("u0", "u1", "u2", "u3", "u4", "u5");
    /**
     * IX2301 and AAPL with fees and a band of ±12 / ±11 ticks around the mark (prices are drawn within ±10 ticks of the
     * reference, and the mark wanders there too, so the band refuses some); BTCUSDT with fees, no band.
     */
    public static final List<Instrument> INSTRUMENTS = List.of(
            TestInstruments.IX2301.withTradingRules(new BigDecimal("0.0001"), new BigDecimal("0.0003"), new BigDecimal("0.01")),
            TestInstruments.AAPL.withTradingRules(BigDecimal.ZERO, new BigDecimal("0.0002"), new BigDecimal("0.0006")),
            TestInstruments.BTCUSDT.withTradingRules(new BigDecimal("0.00005"), new BigDecimal("0.00015"), BigDecimal.ZERO));
    public static final BigDecimal STARTING = new BigDecimal("250000");
    /** Client order ids are reusable 2 s after their order finished: the stream produces duplicates and reuses alike. */
    public static final long CLIENT_ORDER_ID_WINDOW_MILLIS = 2_000;
    private static final TimeInForce[] TIFS = {null, TimeInForce.GTC, TimeInForce.GTC, TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK};
    /** How many of the latest order ids amends and cancels mostly pick from (those are likely still working). */
    private static final int RECENT = 40;

    private record Known(String orderId, String clientOrderId, String userId, Instrument instrument) {
    }

    private final Random random;
    private final AtomicLong clock;
    private final List<Known> known = new ArrayList<>();
    private final Set<String> knownIds = new HashSet<>();
    /** Orders whose last reply showed them working (they may have filled since, as makers). */
    private final List<Known> working = new ArrayList<>();

    public RandomCommands(long seed) {
        this.random = new Random(seed);
        this.clock = new AtomicLong(1_700_000_000_000L + random.nextInt(1_000_000_000));
    }

    public static InstrumentDirectory instruments() {
        List<Instrument> all = new ArrayList<>(INSTRUMENTS);
        all.add(TestInstruments.ES); // routed to a broker: not traded by the venue
        return new InstrumentDirectory(all);
    }

    /**
     * Finished orders are kept for three hours (the clock jumps by up to two hours now and then) and at most
     * {@value #MAX_FINISHED_ORDERS} of them, so that streams forget orders by age and by count.
     */
    public static final long FINISHED_ORDER_RETENTION_MILLIS = 3 * 3_600_000L;
    public static final int MAX_FINISHED_ORDERS = 150;

    public static VenueSettings settings() {
        return new VenueSettings(true, STARTING, "USD", 10, SelfTradePrevention.CANCEL_NEWEST, CLIENT_ORDER_ID_WINDOW_MILLIS,
                FINISHED_ORDER_RETENTION_MILLIS, MAX_FINISHED_ORDERS);
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
        int kind = random.nextInt(40);
        if (kind < 6 && !known.isEmpty()) {
            Known order = pick();
            // Mostly the owner; sometimes someone else (refused as not found, like an unknown id).
            String canceller = random.nextInt(10) < 8 ? order.userId() : user;
            return byClientOrderId(order) ? CancelOrder.byClientOrderId(canceller, order.clientOrderId())
                    : new CancelOrder(canceller, order.orderId());
        }
        if (kind == 6) {
            int which = random.nextInt(4);
            return which == 0 ? CancelOrder.byClientOrderId(user, "c-unknown") // unknown: rejected
                    : which == 1 ? new CancelOrder(user, "O00000000000000000000", "c-" + random.nextInt(200)) // both: rejected
                    : new CancelOrder(user, "O00000000000000000000"); // unknown: rejected
        }
        if (kind == 7) {
            return new QueryAccount("fresh" + random.nextInt(1000)); // opens a pristine account without a journal record
        }
        if (kind == 8) {
            return random.nextBoolean() ? new QueryOrders(user) : new QueryPositions(user, null);
        }
        if (kind < 14 && !known.isEmpty()) {
            return amend(user);
        }
        if (kind < 16) {
            return money(user);
        }
        return submit(user);
    }

    private Known pick() {
        int choice = random.nextInt(10);
        if (choice < 7 && !working.isEmpty()) {
            return working.get(random.nextInt(working.size()));
        }
        int from = choice < 9 ? Math.max(0, known.size() - RECENT) : 0;
        return known.get(from + random.nextInt(known.size() - from));
    }

    private Command amend(String user) {
        Known order = pick();
        String owner = random.nextInt(10) < 9 ? order.userId() : user;
        Instrument instrument = order.instrument();
        int what = random.nextInt(10);
        BigDecimal price = what < 6 ? price(instrument) : null;
        BigDecimal quantity = what >= 3 ? quantity(instrument) : null;
        if (what == 9 && random.nextBoolean()) {
            price = null; // neither: malformed
            quantity = null;
        }
        return byClientOrderId(order) ? AmendOrder.byClientOrderId(owner, order.clientOrderId(), price, quantity)
                : new AmendOrder(owner, order.orderId(), price, quantity);
    }

    /** Half of the commands on an order that has a client order id name it by that id (it may name a later reuse). */
    private boolean byClientOrderId(Known order) {
        return order.clientOrderId() != null && random.nextBoolean();
    }

    private Command money(String user) {
        int cents = random.nextInt(3_000_000);
        BigDecimal amount = BigDecimal.valueOf(cents, 2);
        int odd = random.nextInt(20);
        if (odd == 0) {
            amount = amount.add(new BigDecimal("0.00000001")); // the finest amount that is allowed
        } else if (odd == 1) {
            amount = amount.add(new BigDecimal("0.000000001")); // too many decimals: rejected
        } else if (odd == 2) {
            amount = BigDecimal.ZERO; // rejected
        }
        return random.nextInt(10) < 6 ? new Deposit(user, amount)
                : new Withdraw(user, random.nextInt(4) == 0 ? amount.multiply(BigDecimal.TEN) : amount);
    }

    private Command submit(String user) {
        Instrument instrument = INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size()));
        Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        Offset offset = random.nextInt(10) < 6 ? Offset.OPEN : Offset.CLOSE;
        OrderType type = random.nextInt(10) < 8 ? OrderType.LIMIT : OrderType.MARKET;
        TimeInForce tif = TIFS[random.nextInt(TIFS.length)];
        boolean postOnly = random.nextInt(6) == 0;
        BigDecimal price = price(instrument);
        if (random.nextInt(50) == 0) {
            price = price.add(instrument.tickSize().divide(BigDecimal.TEN)); // off the grid: rejected
        }
        String clientOrderId = random.nextInt(3) == 0 ? "c-" + random.nextInt(200) : null;
        return new SubmitOrder(user, clientOrderId, instrument.symbol(), side, offset, type, tif,
                type == OrderType.MARKET && random.nextBoolean() ? null : price, quantity(instrument), OrderSource.ALGO, postOnly);
    }

    private BigDecimal price(Instrument instrument) {
        return instrument.referencePrice().add(instrument.tickSize().multiply(BigDecimal.valueOf(random.nextInt(21) - 10)));
    }

    /** Trailing zeros vary the scale of the same value: replay must not care. */
    private BigDecimal quantity(Instrument instrument) {
        return instrument.lotSize().multiply(BigDecimal.valueOf(1 + random.nextInt(20))).setScale(3 + random.nextInt(3));
    }

    /** Remembers order ids (and their owners) from replies, so later commands cancel and amend real orders. */
    public void observe(Object reply) {
        if (!(reply instanceof OrderView view)) {
            return;
        }
        if (knownIds.add(view.orderId())) {
            Instrument instrument = INSTRUMENTS.stream().filter(i -> i.symbol().equals(view.instrument())).findFirst().orElseThrow();
            Known order = new Known(view.orderId(), view.clientOrderId(), view.userId(), instrument);
            known.add(order);
            if (!view.status().isFinal()) {
                working.add(order);
            }
        } else if (view.status().isFinal()) {
            working.removeIf(order -> order.orderId().equals(view.orderId()));
        }
        if (working.size() > 200) {
            working.remove(0); // the oldest have probably filled by now
        }
    }

    /** An event sink that keeps the working orders current: orders that finished (filled as makers too) leave them. */
    public EventSink events() {
        return event -> {
            if (event instanceof OrderUpdated updated && updated.order().status().isFinal()) {
                String id = updated.order().orderId();
                working.removeIf(order -> order.orderId().equals(id));
            }
        };
    }

    public List<String> orderIds() {
        return known.stream().map(Known::orderId).toList();
    }
}
