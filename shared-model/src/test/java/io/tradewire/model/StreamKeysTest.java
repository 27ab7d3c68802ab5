package io.tradewire.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StreamKeysTest {
    @Test
    @DisplayName("Private keys name their owner; market keys have none")
    void namesOwners() {
        assertThat(StreamKeys.userTrades("user001")).isEqualTo("user.user001.trades");
        assertThat(StreamKeys.ownerOf("user.user001.trades")).isEqualTo("user001");
        assertThat(StreamKeys.isPrivate(StreamKeys.marketBook("IX2301"))).isFalse();
        assertThat(StreamKeys.ownerOf("market.IX2301.book")).isNull();
        assertThat(Addresses.push("market.IX2301.book")).isEqualTo("push.market.IX2301.book");
    }

    @Test
    @DisplayName("A user id with a dot or wildcard cannot forge another stream key")
    void refusesSeparatorsInSegments() {
        assertThatThrownBy(() -> StreamKeys.userOrders("alice.orders.x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamKeys.userOrders("*")).isInstanceOf(IllegalArgumentException.class);
        assertThat(StreamKeys.isValidSegment("a".repeat(65))).isFalse();
        assertThat(StreamKeys.isValidSegment("user_001-x")).isTrue();
    }
}
