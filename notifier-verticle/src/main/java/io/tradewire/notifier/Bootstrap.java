package io.tradewire.notifier;

import io.tradewire.model.Addresses;
import io.tradewire.model.Instrument;
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
import io.tradewire.model.event.MarketSummary;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderList;
import io.tradewire.model.view.PositionList;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How the state of a stream the notifier has not followed yet is rebuilt: which venue queries answer it,
 * and how the replies become the stream's events. Streams of discrete facts (trades, ticks) start empty.
 *
 * <p>With several venues ({@code route: venue:<name>}): a book or bar is asked of the venue that trades the
 * instrument; a user's orders and positions of every venue that trades an instrument (merged: order ids and
 * instruments never collide across venues); a user's account of every venue that trades an instrument (accounts are
 * per venue, each in its venue's currency, and the account stream keeps the latest one per currency); a region's summary of every venue that trades an
 * instrument of that region (the replies merged into one summary; live, each venue publishes its own part).
 */
final class Bootstrap {
    /** A query and where to send it. */
    record Query(String address, Command command) {
    }

    private final InstrumentDirectory instruments;
    private final String defaultVenue;
    private final List<String> allVenues;

    /** @param venue the default venue ({@code matching.venue}) */
    Bootstrap(InstrumentDirectory instruments, String venue) {
        this.instruments = instruments;
        this.defaultVenue = venue;
        this.allVenues = instruments.venues(venue).stream().map(Addresses::matching).toList();
    }

    /** The queries that rebuild a stream's state, together; empty when the stream starts empty. */
    List<Query> queriesFor(StreamKeys.Parsed key) {
        if (key.isPrivate()) {
            String user = key.subject();
            switch (key.kind()) {
                case "account":
                    return allVenues.stream().map(address -> new Query(address, new QueryAccount(user))).toList();
                case "positions":
                    return allVenues.stream().map(address -> new Query(address, new QueryPositions(user, null))).toList();
                case "orders":
                    return allVenues.stream().map(address -> new Query(address, new QueryOrders(user))).toList();
                default:
                    return List.of();
            }
        }
        String venue = instruments.find(key.subject()).filter(Instrument::routedToVenue).map(i -> i.venue(defaultVenue))
                .orElse(null);
        if (key.kind().equals("book") && venue != null) {
            return List.of(new Query(Addresses.matching(venue), new QueryBook(key.subject())));
        }
        if (key.kind().equals("bar") && venue != null && key.detail() != null) {
            return List.of(new Query(Addresses.matching(venue), new QueryBar(key.subject(), key.detail())));
        }
        if (key.kind().equals("summary") && key.detail() == null) {
            Set<String> venues = new LinkedHashSet<>();
            for (Instrument instrument : instruments.all()) {
                if (instrument.routedToVenue() && instrument.region().equals(key.subject())) {
                    venues.add(instrument.venue(defaultVenue));
                }
            }
            if (venues.isEmpty()) {
                venues.add(defaultVenue); // it answers for a region it does not trade, as it always has
            }
            return venues.stream().map(v -> new Query(Addresses.matching(v), new QuerySummary(key.subject()))).toList();
        }
        return List.of();
    }

    /** The replies of {@link #queriesFor} as the stream's events: each reply's events; summaries merged into one. */
    static List<Event> eventsOf(List<Object> replies) {
        List<Event> events = new ArrayList<>();
        MarketSummary merged = null;
        for (Object reply : replies) {
            if (reply instanceof MarketSummary summary) {
                merged = merged == null ? summary : new MarketSummary(summary.region(),
                        Stream.concat(merged.items().stream(), summary.items().stream()).toList(),
                        Math.max(merged.timestamp(), summary.timestamp()));
            } else {
                events.addAll(eventsOf(reply));
            }
        }
        if (merged != null) {
            events.add(merged);
        }
        return events;
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
