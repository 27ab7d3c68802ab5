package io.tradewire.gateway.ib;

import io.tradewire.gateway.spi.SessionView;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.Tick;
import io.tradewire.model.view.BookLevel;
import io.tradewire.model.view.OrderView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the ib dialect remembers per connection: its client id and language, which message types are
 * active (several share one stream: the stream is subscribed while at least one of its types is), the
 * market-data symbols, the working orders it has seen (to tell a modification from a fill) and the latest
 * quote of each symbol (so that every {@code market_data} push carries the whole quote).
 */
final class IbState {
    private static final String KEY = "ib";
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,64}");
    /** Working orders remembered per connection, at most; past that, modifications of further orders go unnoticed. */
    static final int MAX_TRACKED_ORDERS = 10_000;

    private final String clientId;
    private final IbLanguage language;
    private final EnumSet<IbMessageType> active = EnumSet.noneOf(IbMessageType.class);
    private final Set<String> symbols = new LinkedHashSet<>();
    private final Map<String, TrackedOrder> orders = new HashMap<>();
    private final Map<String, Quote> quotes = new HashMap<>();

    /** The part of a working order whose change is a modification. */
    private record TrackedOrder(BigDecimal price, BigDecimal quantity) {
    }

    /** The latest top of book and last trade of a symbol; null where nothing is known yet. */
    static final class Quote {
        BigDecimal bid;
        BigDecimal bidSize;
        BigDecimal ask;
        BigDecimal askSize;
        BigDecimal last;
        BigDecimal lastSize;
    }

    private IbState(String clientId, IbLanguage language) {
        this.clientId = clientId;
        this.language = language;
    }

    /** The session's state, created on first use from {@code ?client_id=} and {@code ?lang=}. */
    static IbState of(SessionView session, IbConfig config) {
        Object state = session.state().get(KEY);
        if (state instanceof IbState existing) {
            return existing;
        }
        String clientId = session.queryParam("client_id").filter(id -> CLIENT_ID.matcher(id).matches())
                .orElseGet(() -> UUID.randomUUID().toString());
        IbLanguage language = session.queryParam("lang").flatMap(IbLanguage::parse).orElse(config.language());
        IbState created = new IbState(clientId, language);
        session.state().put(KEY, created);
        return created;
    }

    String clientId() {
        return clientId;
    }

    IbLanguage language() {
        return language;
    }

    boolean isActive(IbMessageType type) {
        return active.contains(type);
    }

    /** The active types in the seed's order. */
    List<String> activeTypes() {
        List<String> names = new ArrayList<>();
        active.forEach(type -> names.add(type.wire()));
        return names;
    }

    List<String> symbols() {
        return List.copyOf(symbols);
    }

    boolean wantsSymbol(String symbol) {
        return active.contains(IbMessageType.MARKET_DATA) && symbols.contains(symbol);
    }

    /** The stream keys the active types need. */
    Set<String> neededStreams(String principal) {
        return neededStreams(active, symbols, principal);
    }

    /** The stream keys the active types would need after {@link #subscribe} with these arguments (nothing changes). */
    Set<String> neededStreamsWith(Collection<IbMessageType> types, Collection<String> marketSymbols, String principal) {
        EnumSet<IbMessageType> activeAfter = EnumSet.copyOf(active);
        activeAfter.addAll(types);
        Set<String> symbolsAfter = new LinkedHashSet<>(symbols);
        if (types.contains(IbMessageType.MARKET_DATA)) {
            symbolsAfter.addAll(marketSymbols);
        }
        return neededStreams(activeAfter, symbolsAfter, principal);
    }

    private static Set<String> neededStreams(Set<IbMessageType> active, Set<String> symbols, String principal) {
        Set<String> streams = new LinkedHashSet<>();
        if (principal != null) {
            if (active.stream().anyMatch(IbMessageType::fromOrders)) {
                streams.add(StreamKeys.userOrders(principal));
            }
            if (active.contains(IbMessageType.ACCOUNT_UPDATE)) {
                streams.add(StreamKeys.userAccount(principal));
            }
        }
        if (active.contains(IbMessageType.MARKET_DATA)) {
            for (String symbol : symbols) {
                streams.add(StreamKeys.marketBook(symbol));
                streams.add(StreamKeys.marketTicker(symbol));
            }
        }
        return streams;
    }

    /** Activates types (and market-data symbols when {@code market_data} is among them). */
    void subscribe(Collection<IbMessageType> types, Collection<String> marketSymbols) {
        active.addAll(types);
        if (types.contains(IbMessageType.MARKET_DATA)) {
            symbols.addAll(marketSymbols);
        }
    }

    /**
     * Deactivates types; for {@code market_data} with {@code marketSymbols}, only those symbols (the type
     * stays active while a symbol remains).
     */
    void unsubscribe(Collection<IbMessageType> types, Collection<String> marketSymbols) {
        for (IbMessageType type : types) {
            if (type == IbMessageType.MARKET_DATA && marketSymbols != null) {
                symbols.removeAll(marketSymbols);
                if (symbols.isEmpty()) {
                    active.remove(type);
                }
            } else {
                active.remove(type);
                if (type == IbMessageType.MARKET_DATA) {
                    symbols.clear();
                }
            }
        }
        if (active.stream().noneMatch(IbMessageType::fromOrders)) {
            orders.clear(); // the orders stream is dropped: what was seen is no longer followed
        }
        quotes.keySet().retainAll(symbols);
    }

    /**
     * Follows an order of the orders stream and tells what its update means: a snapshot order is
     * remembered without a change; a live one is {@link OrderChange#CREATED} when it first appears
     * (SUBMITTED, nothing filled), {@link OrderChange#CANCELLED} when cancelled, {@link OrderChange#MODIFIED}
     * when its price or quantity differs from what was seen; null otherwise (fills, rejections).
     */
    OrderChange follow(OrderView order, boolean snapshot) {
        TrackedOrder previous = orders.get(order.orderId());
        if (order.status().isFinal()) {
            orders.remove(order.orderId());
        } else if (previous != null || orders.size() < MAX_TRACKED_ORDERS) {
            orders.put(order.orderId(), new TrackedOrder(order.price(), order.quantity()));
        }
        if (snapshot) {
            return null;
        }
        if (order.status() == OrderStatus.CANCELLED) {
            return OrderChange.CANCELLED;
        }
        if (previous == null) {
            boolean fresh = order.status() == OrderStatus.SUBMITTED
                    && (order.filled() == null || order.filled().signum() == 0);
            return fresh ? OrderChange.CREATED : null;
        }
        if (order.status().isFinal()) {
            return null;
        }
        return differs(previous.price(), order.price()) || differs(previous.quantity(), order.quantity())
                ? OrderChange.MODIFIED : null;
    }

    /** Applies a book change to the symbol's quote. */
    Quote quote(BookChanged book) {
        Quote quote = quotes.computeIfAbsent(book.instrument(), symbol -> new Quote());
        BookLevel bid = book.bids().isEmpty() ? null : book.bids().get(0);
        BookLevel ask = book.asks().isEmpty() ? null : book.asks().get(0);
        quote.bid = bid == null ? null : bid.price();
        quote.bidSize = bid == null ? null : bid.quantity();
        quote.ask = ask == null ? null : ask.price();
        quote.askSize = ask == null ? null : ask.quantity();
        return quote;
    }

    /** Applies a trade print to the symbol's quote. */
    Quote quote(Tick tick) {
        Quote quote = quotes.computeIfAbsent(tick.instrument(), symbol -> new Quote());
        quote.last = tick.lastPrice();
        quote.lastSize = tick.quantity();
        return quote;
    }

    private static boolean differs(BigDecimal a, BigDecimal b) {
        if (a == null || b == null) {
            return a != b;
        }
        return a.compareTo(b) != 0;
    }
}
