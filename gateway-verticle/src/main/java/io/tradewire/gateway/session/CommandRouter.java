package io.tradewire.gateway.session;

import io.tradewire.model.Addresses;
import io.tradewire.model.BrokerOrderIds;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.VenueOrderIds;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryBar;
import io.tradewire.model.command.QueryBook;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a command goes:
 * <ul>
 *   <li>an order: to the route of its instrument, the in-house venue that trades it ({@link Instrument#venue}) or a
 *       broker;</li>
 *   <li>a cancel, amend or query of one order: to the broker its id names ({@link BrokerOrderIds}: {@code bybit-…},
 *       {@code ib-…}) when that broker routes an instrument, else to the venue its id names ({@link VenueOrderIds}:
 *       {@code crypto-O…}) when that venue trades an instrument, else to the default venue ({@code O…});</li>
 *   <li>the book or the current bar of an instrument: to the venue that trades it;</li>
 *   <li>the positions of one instrument: to the venue that trades it (a broker instrument's positions are the default
 *       venue's answer, as before);</li>
 *   <li>everything else (the account, the list of orders, all positions): to the default venue. Accounts are per venue:
 *       another venue's balances and margins are not in these answers.</li>
 * </ul>
 */
public final class CommandRouter {
    private final InstrumentDirectory instruments;
    private final String defaultVenue;
    private final Set<String> brokers;
    private final Set<String> venues;

    /** @param defaultVenue {@code matching.venue}: the venue of route {@code venue} and of account-level commands */
    public CommandRouter(InstrumentDirectory instruments, String defaultVenue) {
        this.instruments = instruments;
        this.defaultVenue = defaultVenue;
        this.brokers = instruments.all().stream().filter(i -> !i.routedToVenue()).map(Instrument::route)
                .collect(Collectors.toUnmodifiableSet());
        this.venues = instruments.venues(defaultVenue);
    }

    /** @throws io.tradewire.model.RejectedException for an unknown instrument */
    public String addressFor(Command command) {
        if (command instanceof SubmitOrder submit) {
            return addressOf(instruments.require(submit.instrument()));
        }
        if (command instanceof QueryPositions query && query.instrument() != null) {
            Instrument instrument = instruments.require(query.instrument());
            return Addresses.matching(instrument.routedToVenue() ? instrument.venue(defaultVenue) : defaultVenue);
        }
        if (command instanceof QueryBook book) {
            return marketDataAddress(book.instrument());
        }
        if (command instanceof QueryBar bar) {
            return marketDataAddress(bar.instrument());
        }
        String orderId = command instanceof CancelOrder cancel ? cancel.orderId()
                : command instanceof AmendOrder amend ? amend.orderId()
                : command instanceof QueryOrder query ? query.orderId()
                : null;
        return addressOfOrder(orderId);
    }

    /** The venue that trades the instrument; the default venue (which refuses it) for any other. */
    private String marketDataAddress(String symbol) {
        return Addresses.matching(instruments.find(symbol).filter(Instrument::routedToVenue)
                .map(i -> i.venue(defaultVenue)).orElse(defaultVenue));
    }

    private String addressOfOrder(String orderId) {
        String broker = BrokerOrderIds.brokerOf(orderId);
        if (broker != null && brokers.contains(broker)) {
            return Addresses.broker(broker);
        }
        String venue = VenueOrderIds.venueOf(orderId);
        return Addresses.matching(venue != null && venues.contains(venue) ? venue : defaultVenue);
    }

    private String addressOf(Instrument instrument) {
        return instrument.routedToVenue() ? Addresses.matching(instrument.venue(defaultVenue)) : Addresses.broker(instrument.route());
    }
}
