package io.tradewire.gateway.session;

import io.tradewire.model.Addresses;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;

/**
 * Where a command goes: an order to the route of its instrument (the in-house venue or a broker);
 * everything else to the venue, which holds the accounts.
 */
public final class CommandRouter {
    private final InstrumentDirectory instruments;
    private final String venue;

    public CommandRouter(InstrumentDirectory instruments, String venue) {
        this.instruments = instruments;
        this.venue = venue;
    }

    /** @throws io.tradewire.model.RejectedException for an unknown instrument */
    public String addressFor(Command command) {
        if (command instanceof SubmitOrder submit) {
            return addressOf(instruments.require(submit.instrument()));
        }
        if (command instanceof QueryPositions query && query.instrument() != null) {
            instruments.require(query.instrument());
        }
        return Addresses.matching(venue);
    }

    private String addressOf(Instrument instrument) {
        return instrument.routedToVenue() ? Addresses.matching(venue) : Addresses.broker(instrument.route());
    }
}
