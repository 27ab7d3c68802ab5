package io.tradewire.bench.lob;

import io.tradewire.matching.engine.SelfTradePrevention;
import io.tradewire.matching.engine.Venue;
import io.tradewire.matching.engine.VenueSettings;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.InstrumentKind;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.OrderView;
import java.math.BigDecimal;
import java.util.List;

/**
 * The stream through the whole in-process order path of a {@link Venue}: commands as the gateway sends them
 * (GTC / IOC limit orders, cancels, price amends), risk checks (funds, margin, position limits), matching, and
 * every event the notifier would receive (orders, fills, accounts, positions, book, ticks, bars). No journal here
 * ({@link JournaledVenueRun} adds it). One futures instrument on a grid of 1 (the stream's prices and sizes are
 * ticks and lots), OPEN orders only, 2,000 users with ample funds, no fees, no price band and no self-trade
 * prevention (exchange-core has none), so the venue must report exactly the stream's fills.
 */
public final class VenueEngine implements LobReplay.Engine {
    static final String SYMBOL = "LOB";
    static final Instrument INSTRUMENT = new Instrument(SYMBOL, InstrumentKind.FUTURES, Instrument.VENUE_ROUTE, BigDecimal.ONE,
            BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("0.1"), "USD", new BigDecimal("10000"), "BENCH");
    static final VenueSettings SETTINGS = new VenueSettings(true, new BigDecimal("1000000000000"), "USD", 10,
            SelfTradePrevention.NONE, VenueSettings.DEFAULT_CLIENT_ORDER_ID_WINDOW_MILLIS);

    private final Venue venue;
    private final Commands commands;
    private final Counter counter = new Counter();
    private long clock = 1_700_000_000_000L;

    public VenueEngine() {
        this.venue = newVenue(() -> clock);
        this.commands = new Commands();
    }

    static Venue newVenue(java.util.function.LongSupplier clock) {
        return new Venue("bench", new InstrumentDirectory(List.of(INSTRUMENT)), SETTINGS, clock);
    }

    @Override
    public void apply(LobStream s, int i) {
        Object reply = venue.handle(commands.of(s, i), ++clock, counter);
        commands.accepted(s, i, reply);
    }

    @Override
    public long fills() {
        return counter.fills;
    }

    Venue venue() {
        return venue;
    }

    @Override
    public void resetFills() {
        counter.fills = 0;
    }

    /** Counts fills (one per match: the maker's side) among every event the venue publishes. */
    static final class Counter implements io.tradewire.matching.engine.EventSink {
        long fills;
        long events;

        @Override
        public void publish(Event event) {
            events++;
            if (event instanceof TradeExecuted trade && trade.maker()) {
                fills++;
            }
        }
    }

    /**
     * Turns stream commands into venue commands. By order id (the default): remembers the venue's id of every order the
     * stream may cancel or move later (the stream's ids are dense: an array indexed by them), and a cancel or move is
     * ready only once that id is known. By client order id: every order carries the stream's id of it as its client
     * order id, and cancels and moves name it by that, so each is ready at once (the venue executes commands in order:
     * a cancel sent after its order's submit always finds it).
     */
    static final class Commands {
        private static final BigDecimal[] SMALL = new BigDecimal[20_001];
        private final boolean byClientOrderId;
        private String[] venueIds;

        /** Cancels and moves by the venue's order id. */
        Commands() {
            this(false);
        }

        Commands(boolean byClientOrderId) {
            this.byClientOrderId = byClientOrderId;
            this.venueIds = byClientOrderId ? new String[0] : new String[1 << 20];
        }

        static {
            for (int n = 0; n < SMALL.length; n++) {
                SMALL[n] = BigDecimal.valueOf(n);
            }
        }

        Command of(LobStream s, int i) {
            String user = user(s.uid(i));
            long id = s.orderId(i);
            if (byClientOrderId) {
                return switch (s.kindCode(i)) {
                    case 1, 2 -> submit(s, i, user, Long.toString(id));
                    case 3 -> CancelOrder.byClientOrderId(user, Long.toString(id));
                    case 4 -> AmendOrder.byClientOrderId(user, Long.toString(id), decimal(s.price(i)), null);
                    default -> throw new IllegalStateException("command kind " + s.kindCode(i));
                };
            }
            return switch (s.kindCode(i)) {
                case 1, 2 -> submit(s, i, user, null);
                case 3 -> new CancelOrder(user, venueId(id));
                case 4 -> new AmendOrder(user, venueId(id), decimal(s.price(i)), null);
                default -> throw new IllegalStateException("command kind " + s.kindCode(i));
            };
        }

        private static SubmitOrder submit(LobStream s, int i, String user, String clientOrderId) {
            return new SubmitOrder(user, clientOrderId, SYMBOL, s.isBid(i) ? Side.BUY : Side.SELL, Offset.OPEN, OrderType.LIMIT,
                    s.kindCode(i) == 1 ? TimeInForce.GTC : TimeInForce.IOC, decimal(s.price(i)), decimal(s.quantity(i)),
                    OrderSource.API);
        }

        /**
         * The venue command of stream command {@code i}, or null while it refers (by the venue's order id) to an order
         * whose acknowledgement has not arrived yet; by client order id never null.
         */
        Command ready(LobStream s, int i) {
            byte kind = s.kindCode(i);
            if (!byClientOrderId && (kind == 3 || kind == 4) && known(s.orderId(i)) == null) {
                return null;
            }
            return of(s, i);
        }

        /** Records the venue's id of an order the stream placed; fails when the venue refused a command. */
        void accepted(LobStream s, int i, Object reply) {
            if (!(reply instanceof OrderView order)) {
                throw new IllegalStateException("command " + i + " (" + s.command(i) + ") got " + reply);
            }
            if (!byClientOrderId && s.kindCode(i) <= 2) {
                long id = s.orderId(i);
                if (id >= venueIds.length) {
                    venueIds = java.util.Arrays.copyOf(venueIds, (int) Math.max(id + 1, venueIds.length * 2L));
                }
                venueIds[(int) id] = order.orderId();
            }
        }

        private String known(long streamId) {
            return streamId < venueIds.length ? venueIds[(int) streamId] : null;
        }

        private String venueId(long streamId) {
            String id = known(streamId);
            if (id == null) {
                throw new IllegalStateException("the stream refers to order " + streamId + ", which the venue never accepted");
            }
            return id;
        }

        private static final String[] USERS = new String[4_096];

        static String user(int uid) {
            if (uid < USERS.length) {
                String u = USERS[uid];
                if (u == null) {
                    u = USERS[uid] = "u" + uid;
                }
                return u;
            }
            return "u" + uid;
        }

        private static BigDecimal decimal(long n) {
            return n >= 0 && n < SMALL.length ? SMALL[(int) n] : BigDecimal.valueOf(n);
        }
    }
}
