package io.tradewire.notifier;

import io.tradewire.model.Addresses;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryBar;
import io.tradewire.model.command.QueryBook;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.QuerySummary;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderList;
import io.tradewire.model.view.PositionList;
import java.util.ArrayList;
import java.util.List;

/**
 * How the state of a stream the notifier has not followed yet is rebuilt: which venue query answers it,
 * and how the reply becomes the stream's events. Streams of discrete facts (trades, ticks) start empty.
 */
final class Bootstrap {
    /** A query and where to send it. */
    record Query(String address, Command command) {
    }

    private final InstrumentDirectory instruments;
    private final String venueAddress;

    Bootstrap(InstrumentDirectory instruments, String venue) {
        this.instruments = instruments;
        this.venueAddress = Addresses.matching(venue);
    }

    /** The query that rebuilds a stream's state, or null when the stream starts empty. */
    Query queryFor(StreamKeys.Parsed key) {
        if (key.isPrivate()) {
            String user = key.subject();
            switch (key.kind()) {
                case "account":
                    return new Query(venueAddress, new QueryAccount(user));
                case "positions":
                    return new Query(venueAddress, new QueryPositions(user, null));
                case "orders":
                    return new Query(venueAddress, new QueryOrders(user));
                default:
                    return null;
            }
        }
        boolean onVenue = instruments.find(key.subject()).filter(i -> i.routedToVenue()).isPresent();
        if (key.kind().equals("book") && onVenue) {
            return new Query(venueAddress, new QueryBook(key.subject()));
        }
        if (key.kind().equals("bar") && onVenue && key.detail() != null) {
            return new Query(venueAddress, new QueryBar(key.subject(), key.detail()));
        }
        if (key.kind().equals("summary") && key.detail() == null) {
            return new Query(venueAddress, new QuerySummary(key.subject()));
        }
        return null;
    }

    /** A venue reply as the stream's events. */
    static List<Event> eventsOf(Object reply) {
        List<Event> events = new ArrayList<>();
        if (reply instanceof AccountView account) {
            events.add(new AccountChanged(account));
        } else if (reply instanceof PositionList positions) {
            positions.positions().forEach(p -> events.add(new PositionChanged(p)));
        } else if (reply instanceof OrderList orders) {
            orders.orders().forEach(o -> events.add(new OrderUpdated(o)));
        } else if (reply instanceof Event event) {
            events.add(event);
        }
        return events;
    }
}
