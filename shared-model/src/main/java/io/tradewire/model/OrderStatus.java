package io.tradewire.model;

public enum OrderStatus {
    SUBMITTED,
    PARTIALLY_FILLED,
    FILLED,
    CANCELLED,
    REJECTED;

    public boolean isFinal() {
        return this == FILLED || this == CANCELLED || this == REJECTED;
    }
}
