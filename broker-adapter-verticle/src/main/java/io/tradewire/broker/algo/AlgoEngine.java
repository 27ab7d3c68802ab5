package io.tradewire.broker.algo;

import io.tradewire.model.Addresses;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.algo.Algorithm;
import io.tradewire.model.algo.CreateMasterOrder;
import io.tradewire.model.algo.MasterOrderAction;
import io.tradewire.model.algo.MasterOrderList;
import io.tradewire.model.algo.MasterOrderStatus;
import io.tradewire.model.algo.MasterOrderView;
import io.tradewire.model.algo.QueryAlgoFills;
import io.tradewire.model.algo.QueryMasterOrders;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.AlgoOrderUpdated;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.MasterOrderUpdated;
import io.tradewire.model.event.Tick;
import io.tradewire.model.view.OrderList;
import io.tradewire.model.view.OrderView;
import io.vertx.core.AsyncResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The algorithmic execution engine: an order source that slices master orders into child orders over their
 * duration — TWAP evenly in time, VWAP along a volume profile, POV as a share of the rest of the market's volume
 * — and reports every change as {@link MasterOrderUpdated} and {@link AlgoOrderUpdated} events.
 *
 * <p>Each master order has one decision point per {@code slice-interval}: there the schedule's target, rounded
 * down to the lot size, minus what has filled is sent as one child order — IOC, LIMIT at the worst price (MARKET
 * when there is none), source {@link OrderSource#ALGO}, client order id {@code <master id>-<n>} so the venue's order
 * names its parent. What a slice could not fill is caught up by the next one. The order completes once filled,
 * and expires at the end of its duration with what it got. While paused no child is sent; the end stays put.
 *
 * <p>Plain and single-threaded: time comes from the {@code clock}, decisions happen in {@link #tick()}, child orders
 * go out through {@link ChildOrders}, events through the sink. Master orders live in memory (not journaled): a
 * restart forgets them, while their children, IOC, never rest on a book.
 */
public final class AlgoEngine {
    /** The in-house venue's name on the wire ({@code exchange=Tradewire}). */
    public static final String TRADEWIRE = "Tradewire";
    /** Failures that say nothing about the order: the slice is skipped, the order goes on. */
    private static final Set<ErrorCode> TRANSIENT = Set.of(ErrorCode.TIMEOUT, ErrorCode.UNAVAILABLE, ErrorCode.RATE_LIMITED);

    private final AlgoConfig config;
    private final InstrumentDirectory instruments;
    private final ChildOrders children;
    private final Consumer<Event> events;
    private final LongSupplier clock;
    private final Map<String, MasterOrder> byId = new LinkedHashMap<>();
    private final Map<String, Map<String, MasterOrder>> byUser = new HashMap<>();
    private final Map<String, BigDecimal> lastPrices = new HashMap<>();
    private long sequence;

    public AlgoEngine(AlgoConfig config, InstrumentDirectory instruments, ChildOrders children, Consumer<Event> events,
            LongSupplier clock) {
        this.config = config;
        this.instruments = instruments;
        this.children = children;
        this.events = events;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ requests

    /** Validates and registers a master order (status NEW); its first child goes out at the next {@link #tick()}. */
    public MasterOrderView create(CreateMasterOrder request) {
        String user = request.userId();
        if (!StreamKeys.isValidSegment(user)) {
            throw malformed("user id");
        }
        if (request.algorithm() == null || request.side() == null) {
            throw malformed("algorithm and side are required");
        }
        Instrument instrument = instruments.find(request.instrument())
                .orElseThrow(() -> new RejectedException(ErrorCode.UNKNOWN_INSTRUMENT, "Unknown instrument: " + request.instrument()));
        String exchange = routeName(request.exchange());
        String address = addressOf(exchange, instrument);
        long durationMillis = request.durationSeconds() * 1000;
        if (request.durationSeconds() <= 0 || durationMillis < config.minDuration().toMillis()
                || durationMillis > config.maxDuration().toMillis()) {
            throw malformed("executionDurationSeconds must be between " + config.minDuration().toSeconds() + " and "
                    + config.maxDuration().toSeconds());
        }
        BigDecimal worst = request.worstPrice() == null || request.worstPrice().signum() <= 0 ? null : request.worstPrice();
        BigDecimal pov = request.povLimit();
        if (request.algorithm() == Algorithm.POV
                && (pov == null || pov.signum() <= 0 || pov.compareTo(BigDecimal.ONE) > 0)) {
            throw malformed("POV needs povLimit in (0, 1]");
        }
        BigDecimal quantity = quantityOf(request, instrument, worst);
        Map<String, MasterOrder> mine = byUser.computeIfAbsent(user, key -> new LinkedHashMap<>());
        if (mine.values().stream().filter(m -> !m.status.isFinal()).count() >= config.maxActivePerUser()) {
            throw new RejectedException(ErrorCode.RATE_LIMITED, "Too many working master orders (at most "
                    + config.maxActivePerUser() + ")");
        }
        if (request.clientOrderId() != null && mine.values().stream().anyMatch(m -> request.clientOrderId().equals(m.request.clientOrderId()))) {
            throw new RejectedException(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, "Duplicate client order id: " + request.clientOrderId());
        }
        long now = clock.getAsLong();
        String id = String.format(Locale.ROOT, "MO%d%05d", now, ++sequence % 100_000);
        MasterOrder master = new MasterOrder(id, request, exchange, address, instrument, quantity, worst,
                Schedule.of(request.algorithm(), config.vwapProfile(), pov), now, config.sliceInterval().toMillis());
        byId.put(id, master);
        mine.put(id, master);
        forgetOldFinished(mine);
        MasterOrderView view = master.view();
        events.accept(new MasterOrderUpdated(view));
        return view;
    }

    /** Looks up, cancels, pauses or resumes one of the user's master orders. */
    public MasterOrderView act(MasterOrderAction action) {
        MasterOrder master = find(action);
        long now = clock.getAsLong();
        switch (action.kind()) {
            case QUERY:
                return master.view();
            case CANCEL:
                requireActive(master);
                finish(master, MasterOrderStatus.CANCELLED, reasonOr(action.reason(), "Cancelled by the client"), now);
                break;
            case PAUSE:
                requireActive(master);
                if (master.status != MasterOrderStatus.PAUSED) {
                    change(master, MasterOrderStatus.PAUSED, reasonOr(action.reason(), "Paused by the client"), now);
                }
                break;
            case RESUME:
                requireActive(master);
                if (master.status == MasterOrderStatus.PAUSED) {
                    change(master, MasterOrderStatus.PROCESSING, null, now);
                }
                break;
            default:
                throw malformed("action");
        }
        return master.view();
    }

    /**
     * Cancels every working master order with {@code reason} (each owner gets its update): the engine stops serving,
     * e.g. because another node took over the algo role and the orders, held in memory, cannot move with it.
     *
     * @return how many master orders were cancelled
     */
    public int cancelAll(String reason) {
        long now = clock.getAsLong();
        int cancelled = 0;
        for (MasterOrder master : new ArrayList<>(byId.values())) {
            if (!master.status.isFinal()) {
                finish(master, MasterOrderStatus.CANCELLED, reason, now);
                cancelled++;
            }
        }
        return cancelled;
    }

    public MasterOrderList list(QueryMasterOrders query) {
        List<MasterOrderView> views = ordersOf(query.userId()).stream().map(MasterOrder::view).collect(Collectors.toList());
        return new MasterOrderList(views);
    }

    /** The children of the user's master orders (or of one of them), newest first. */
    public OrderList fills(QueryAlgoFills query) {
        List<OrderView> result = new ArrayList<>();
        for (MasterOrder master : ordersOf(query.userId())) {
            if (query.masterOrderId() == null || query.masterOrderId().equals(master.id)) {
                List<OrderView> mine = master.childList();
                for (int i = mine.size() - 1; i >= 0; i--) {
                    result.add(mine.get(i));
                }
            }
        }
        return new OrderList(result);
    }

    // ------------------------------------------------------------------ market and time

    /** A public trade: the instrument's last price, and market volume for the POV orders on it. */
    public void onTrade(Tick tick) {
        lastPrices.put(tick.instrument(), tick.lastPrice());
        for (MasterOrder master : byId.values()) {
            if (!master.status.isFinal() && master.instrument.symbol().equals(tick.instrument())) {
                master.marketVolume = master.marketVolume.add(tick.quantity());
            }
        }
    }

    /** The decision points that are due: a child order for each master order whose slice came. */
    public void tick() {
        long now = clock.getAsLong();
        for (MasterOrder master : new ArrayList<>(byId.values())) {
            if (!master.status.isFinal() && !master.inFlight) {
                decide(master, now);
            }
        }
    }

    private void decide(MasterOrder master, long now) {
        if (now >= master.end) {
            finish(master, master.remaining().signum() == 0 ? MasterOrderStatus.COMPLETED : MasterOrderStatus.EXPIRED,
                    master.remaining().signum() == 0 ? null : "Duration ended with " + master.filled.toPlainString() + " of "
                            + master.quantity.toPlainString() + " filled", now);
            return;
        }
        if (master.status == MasterOrderStatus.PAUSED) {
            return;
        }
        if (master.status == MasterOrderStatus.NEW) {
            change(master, MasterOrderStatus.PROCESSING, null, now);
        }
        int slice = master.sliceAt(now);
        if (slice <= master.lastSlice) {
            return;
        }
        master.lastSlice = slice;
        BigDecimal othersVolume = master.marketVolume.subtract(master.filled).max(BigDecimal.ZERO);
        BigDecimal target = master.floorToLot(master.schedule.target(slice, master.slices, master.quantity, othersVolume)
                .min(master.quantity));
        BigDecimal want = master.floorToLot(target.subtract(master.filled));
        if (want.signum() > 0) {
            place(master, want, master.worstPrice == null ? OrderType.MARKET : OrderType.LIMIT);
        }
    }

    private void place(MasterOrder master, BigDecimal quantity, OrderType type) {
        String childId = master.id + "-" + ++master.childSequence;
        BigDecimal price = type == OrderType.LIMIT ? limitOf(master) : null;
        SubmitOrder order = new SubmitOrder(master.userId(), childId, master.instrument.symbol(), master.side(),
                master.request.reduceOnly() ? Offset.CLOSE : Offset.OPEN, type, TimeInForce.IOC, price, quantity, OrderSource.ALGO);
        master.inFlight = true;
        children.submit(master.address, order).onComplete(result -> childDone(master, order, result));
    }

    private void childDone(MasterOrder master, SubmitOrder order, AsyncResult<OrderView> result) {
        master.inFlight = false;
        long now = clock.getAsLong();
        if (result.failed()) {
            childRefused(master, order, result.cause(), now);
            return;
        }
        OrderView child = result.result();
        master.children.put(child.orderId(), child);
        BigDecimal fill = child.filled() == null ? BigDecimal.ZERO : child.filled();
        if (fill.signum() > 0) {
            master.addFill(fill, child.avgFillPrice());
        }
        events.accept(new AlgoOrderUpdated(master.id, master.request.marketType(), child, fill, fill.signum() > 0 ? child.avgFillPrice() : null,
                fill.signum() > 0 ? child.updatedAt() : 0));
        if (!master.status.isFinal() && master.remaining().signum() <= 0) {
            finish(master, MasterOrderStatus.COMPLETED, null, now);
        } else if (fill.signum() > 0) {
            master.updatedAt = now;
            events.accept(new MasterOrderUpdated(master.view()));
        }
    }

    /**
     * A refused child. A limit at the worst price outside the venue's price band, on the far side of the market, is
     * sent again as a MARKET order (which trades only inside the band, so never beyond the worst price); on the
     * near side nothing can trade now. Transient failures skip the slice; anything else rejects the master order.
     */
    private void childRefused(MasterOrder master, SubmitOrder order, Throwable cause, long now) {
        ErrorCode code = cause instanceof RejectedException rejected ? rejected.code() : ErrorCode.INTERNAL;
        if (master.status.isFinal() || TRANSIENT.contains(code)) {
            return;
        }
        if (code == ErrorCode.PRICE_OUT_OF_BAND) {
            BigDecimal last = lastPrices.getOrDefault(master.instrument.symbol(), master.instrument.referencePrice());
            boolean farSide = order.side() == Side.BUY ? master.worstPrice.compareTo(last) > 0 : master.worstPrice.compareTo(last) < 0;
            if (order.type() == OrderType.LIMIT && farSide) {
                place(master, order.quantity(), OrderType.MARKET);
            }
            return;
        }
        finish(master, MasterOrderStatus.REJECTED, "Child order refused: " + cause.getMessage(), now);
    }

    // ------------------------------------------------------------------ helpers

    private void change(MasterOrder master, MasterOrderStatus status, String reason, long now) {
        master.status = status;
        master.reason = reason;
        master.updatedAt = now;
        events.accept(new MasterOrderUpdated(master.view()));
    }

    private void finish(MasterOrder master, MasterOrderStatus status, String reason, long now) {
        change(master, status, reason, now);
        forgetOldFinished(byUser.get(master.userId()));
    }

    /** Keeps at most {@code max-finished-per-user} finished master orders of a user (the oldest go). */
    private void forgetOldFinished(Map<String, MasterOrder> mine) {
        List<MasterOrder> finished = mine.values().stream().filter(m -> m.status.isFinal() && !m.inFlight).collect(Collectors.toList());
        for (int i = 0; i < finished.size() - config.maxFinishedPerUser(); i++) {
            mine.remove(finished.get(i).id);
            byId.remove(finished.get(i).id);
        }
    }

    /** The worst price on the tick grid, rounded towards the safe side (down for a BUY, up for a SELL). */
    private static BigDecimal limitOf(MasterOrder master) {
        BigDecimal tick = master.instrument.tickSize();
        RoundingMode mode = master.side() == Side.BUY ? RoundingMode.FLOOR : RoundingMode.CEILING;
        return master.worstPrice.divide(tick, 0, mode).multiply(tick);
    }

    private BigDecimal quantityOf(CreateMasterOrder request, Instrument instrument, BigDecimal worst) {
        BigDecimal lot = instrument.lotSize();
        boolean byQuantity = request.totalQuantity() != null;
        if (byQuantity == (request.orderNotional() != null)) {
            throw malformed("exactly one of totalQuantity and orderNotional is required");
        }
        BigDecimal quantity;
        if (byQuantity) {
            quantity = request.totalQuantity();
            if (quantity.signum() <= 0 || quantity.remainder(lot).signum() != 0) {
                throw new RejectedException(ErrorCode.INVALID_QUANTITY, "Invalid quantity: totalQuantity must be a positive multiple of "
                        + lot.toPlainString());
            }
            return quantity;
        }
        BigDecimal price = worst != null ? worst : lastPrices.getOrDefault(instrument.symbol(), instrument.referencePrice());
        BigDecimal notional = request.orderNotional();
        quantity = notional.signum() <= 0 ? BigDecimal.ZERO
                : notional.divide(price.multiply(instrument.multiplier()), lot.scale() + 8, RoundingMode.FLOOR)
                        .divide(lot, 0, RoundingMode.FLOOR).multiply(lot);
        if (quantity.signum() <= 0) {
            throw new RejectedException(ErrorCode.INVALID_QUANTITY, "Invalid quantity: orderNotional buys less than one lot ("
                    + lot.toPlainString() + ")");
        }
        return quantity;
    }

    /** {@code Tradewire} (the in-house venue) or {@code Bybit}, in any letter case. */
    private static String routeName(String exchange) {
        if (exchange != null && exchange.equalsIgnoreCase(TRADEWIRE)) {
            return TRADEWIRE;
        }
        if (exchange != null && exchange.equalsIgnoreCase("bybit")) {
            return "Bybit";
        }
        throw new RejectedException(ErrorCode.UNSUPPORTED, "Unsupported exchange: use Tradewire or Bybit");
    }

    private String addressOf(String exchange, Instrument instrument) {
        if (exchange.equals(TRADEWIRE)) {
            if (!instrument.routedToVenue()) {
                throw new RejectedException(ErrorCode.UNKNOWN_INSTRUMENT, instrument.symbol() + " does not trade on " + TRADEWIRE);
            }
            return Addresses.matching(instrument.venue(config.venue())); // the in-house venue that trades it
        }
        String broker = exchange.toLowerCase(Locale.ROOT);
        if (!instrument.route().equalsIgnoreCase(broker)) {
            throw new RejectedException(ErrorCode.UNKNOWN_INSTRUMENT, instrument.symbol() + " is not routed to " + exchange);
        }
        return Addresses.broker(broker);
    }

    private MasterOrder find(MasterOrderAction action) {
        Map<String, MasterOrder> mine = byUser.getOrDefault(action.userId(), Map.of());
        MasterOrder master = action.masterOrderId() != null ? mine.get(action.masterOrderId())
                : action.clientOrderId() == null ? null
                : mine.values().stream().filter(m -> action.clientOrderId().equals(m.request.clientOrderId())).findFirst().orElse(null);
        if (master == null) {
            throw new RejectedException(ErrorCode.ORDER_NOT_FOUND, "Master order not found");
        }
        return master;
    }

    private List<MasterOrder> ordersOf(String user) {
        List<MasterOrder> mine = new ArrayList<>(byUser.getOrDefault(user, Map.of()).values());
        mine.sort(Comparator.comparingLong((MasterOrder m) -> m.start).reversed());
        return mine;
    }

    private static void requireActive(MasterOrder master) {
        if (master.status.isFinal()) {
            throw new RejectedException(ErrorCode.ORDER_NOT_ACTIVE, "Master order is " + master.status.name());
        }
    }

    private static String reasonOr(String reason, String fallback) {
        return reason == null || reason.isBlank() ? fallback : reason;
    }

    private static RejectedException malformed(String what) {
        return new RejectedException(ErrorCode.MALFORMED, "Malformed request: " + what);
    }
}
