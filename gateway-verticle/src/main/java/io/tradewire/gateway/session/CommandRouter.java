package io.tradewire.gateway.session;

import io.tradewire.model.Addresses;
import io.tradewire.model.BrokerOrderIds;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a command goes: an order to the route of its instrument (the in-house venue or a broker); a cancel,
 * amend or query of one order to the broker its id names ({@link BrokerOrderIds}: {@code bybit-…}, {@code ib-…})
 * when that broker routes an instrument; everything else to the venue, which holds the accounts.
 */
public final class CommandRouter {
    private final InstrumentDirectory instruments;
    private final String venue;
    private final Set<String> brokers;

    public CommandRouter(InstrumentDirectory instruments, String venue) {
        this.instruments = instruments;
        this.venue = venue;
        this.brokers = instruments.all().stream().filter(i -> !i.routedToVenue()).map(Instrument::route)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** @throws io.tradewire.model.RejectedException for an unknown instrument */
    public String addressFor(Command command) {
        if (command instanceof SubmitOrder submit) {
            return addressOf(instruments.require(submit.instrument()));
        }
        if (command instanceof QueryPositions query && query.instrument() != null) {
            instruments.require(query.instrument());
        }
        String orderId = command instanceof CancelOrder cancel ? cancel.orderId()
                : command instanceof AmendOrder amend ? amend.orderId()
                : command instanceof QueryOrder query ? query.orderId()
                : null;
        String broker = BrokerOrderIds.brokerOf(orderId);
        return broker != null && brokers.contains(broker) ? Addresses.broker(broker) : Addresses.matching(venue);
    }

    private String addressOf(Instrument instrument) {
        return instrument.routedToVenue() ? Addresses.matching(venue) : Addresses.broker(instrument.route());
    }
}
