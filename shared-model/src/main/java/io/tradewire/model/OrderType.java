package io.tradewire.model;

public enum OrderType {
    LIMIT,
    MARKET
}
