package io.tradewire.broker.algo;

import io.tradewire.model.Instrument;
import io.tradewire.model.Side;
import io.tradewire.model.algo.CreateMasterOrder;
import io.tradewire.model.algo.MasterOrderStatus;
import io.tradewire.model.algo.MasterOrderView;
import io.tradewire.model.view.OrderView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The state of one master order inside the engine (single-threaded: the engine's context). */
final class MasterOrder {
    final String id;
    final CreateMasterOrder request;
    final String exchange;
    final String address;
    final Instrument instrument;
    final BigDecimal quantity;
    final BigDecimal worstPrice;
    final Schedule schedule;
    final long start;
    final long end;
    final int slices;
    final long sliceMillis;

    MasterOrderStatus status = MasterOrderStatus.NEW;
    String reason;
    long updatedAt;
    BigDecimal filled = BigDecimal.ZERO;
    BigDecimal filledNotional = BigDecimal.ZERO;
    /** What the rest of the market traded on the instrument since the start (POV). */
    BigDecimal marketVolume = BigDecimal.ZERO;
    /** The last decision point acted on (-1: none yet). */
    int lastSlice = -1;
    /** A child order is out and its outcome not known yet (at most one at a time). */
    boolean inFlight;
    int childSequence;
    final Map<String, OrderView> children = new LinkedHashMap<>();

    MasterOrder(String id, CreateMasterOrder request, String exchange, String address, Instrument instrument, BigDecimal quantity,
            BigDecimal worstPrice, Schedule schedule, long now, long sliceMillis) {
        this.id = id;
        this.request = request;
        this.exchange = exchange;
        this.address = address;
        this.instrument = instrument;
        this.quantity = quantity;
        this.worstPrice = worstPrice;
        this.schedule = schedule;
        this.start = now;
        this.end = now + request.durationSeconds() * 1000;
        this.sliceMillis = sliceMillis;
        this.slices = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (end - start + sliceMillis - 1) / sliceMillis));
        this.updatedAt = now;
    }

    String userId() {
        return request.userId();
    }

    Side side() {
        return request.side();
    }

    BigDecimal remaining() {
        return quantity.subtract(filled);
    }

    /** The decision point a moment falls in, from 0 to {@code slices - 1}. */
    int sliceAt(long now) {
        return (int) Math.min(slices - 1, Math.max(0, (now - start) / sliceMillis));
    }

    /** Rounds a quantity down to the instrument's lot grid. */
    BigDecimal floorToLot(BigDecimal value) {
        BigDecimal lot = instrument.lotSize();
        return value.divide(lot, 0, RoundingMode.FLOOR).multiply(lot);
    }

    void addFill(BigDecimal quantity, BigDecimal price) {
        filled = filled.add(quantity);
        filledNotional = filledNotional.add(quantity.multiply(price));
    }

    List<OrderView> childList() {
        return new ArrayList<>(children.values());
    }

    MasterOrderView view() {
        BigDecimal average = filled.signum() == 0 ? null
                : filledNotional.divide(filled, Math.max(8, instrument.tickSize().scale()), RoundingMode.HALF_EVEN).stripTrailingZeros();
        return new MasterOrderView(id, request.clientOrderId(), request.userId(), request.algorithm(), exchange,
                instrument.symbol(), request.marketType(), request.side(), quantity, filled, average, worstPrice,
                request.durationSeconds(), request.povLimit(), request.reduceOnly(), status, reason, childSequence, start, updatedAt);
    }
}
