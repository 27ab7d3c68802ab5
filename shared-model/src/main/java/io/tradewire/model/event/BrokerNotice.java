package io.tradewire.model.event;

/**
 * A broker adapter fell into a state its account's owner must know about: the broker refused the credentials
 * ({@code AUTH_FAILED}) or the IB gateway needs a human login ({@code WAITING_FOR_LOGIN}). It travels on the owner's
 * orders stream ({@code user.<uid>.orders}) but is not part of that stream's snapshot; each dialect renders it as its
 * own error message.
 *
 * @param broker    the broker's name ({@code bybit}, {@code ib})
 * @param state     the adapter's state
 * @param message   what happened and what to do, for people (never a secret)
 * @param timestamp epoch milliseconds
 */
public record BrokerNotice(String userId, String broker, String state, String message, long timestamp) implements Event {
}
