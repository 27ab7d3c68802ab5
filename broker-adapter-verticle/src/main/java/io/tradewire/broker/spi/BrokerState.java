package io.tradewire.broker.spi;

/** Connection state of an adapter, as {@code /health} shows it under {@code broker.<name>}. */
public enum BrokerState {
    /** Connecting or reconciling. */
    CONNECTING,
    /** Connected, subscribed and reconciled: live. */
    CONNECTED,
    /** The connection dropped; a reconnect is scheduled with backoff. */
    RECONNECTING,
    /** The broker refused the credentials (e.g. a Bybit key), retried with backoff until fixed. */
    AUTH_FAILED,
    /** The IB gateway has no logged-in session: a human must log in; retried with backoff. */
    WAITING_FOR_LOGIN,
    STOPPED;

    /** Only a live adapter counts as {@code UP} in {@code /health}. */
    public String healthStatus() {
        return this == CONNECTED ? "UP" : "DOWN";
    }
}
