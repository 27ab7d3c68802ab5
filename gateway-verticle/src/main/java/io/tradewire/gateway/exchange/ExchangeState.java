package io.tradewire.gateway.exchange;

import io.tradewire.gateway.spi.SessionView;
import java.util.HashSet;
import java.util.Set;

/**
 * What the exchange dialect remembers per connection: which instruments' own trades the client asked
 * for. All of the user's trades travel on one stream; this filter decides which reach the socket.
 */
final class ExchangeState {
    private static final String KEY = "exchange";

    private boolean allTrades;
    private final Set<String> tradeInstruments = new HashSet<>();

    static ExchangeState of(SessionView session) {
        return (ExchangeState) session.state().computeIfAbsent(KEY, key -> new ExchangeState());
    }

    void subscribeAllTrades() {
        allTrades = true;
    }

    void subscribeTrades(Iterable<String> instruments) {
        instruments.forEach(tradeInstruments::add);
    }

    /**
     * Stops trades of these instruments; unsubscribing the trade channel also ends the all-instrument
     * subscription made by {@code ?user_id=}.
     *
     * @return whether no trade remains wanted (so the stream can be dropped)
     */
    boolean unsubscribeTrades(Iterable<String> instruments) {
        allTrades = false;
        instruments.forEach(tradeInstruments::remove);
        return tradeInstruments.isEmpty();
    }

    boolean wantsTrade(String instrument) {
        return allTrades || tradeInstruments.contains(instrument);
    }
}
