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

    @Test
    @DisplayName("isValidSegment accepts exactly what the SEGMENT pattern matches (random strings, seeded)")
    void segmentCheckAgreesWithThePattern() {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(StreamKeys.SEGMENT);
        String alphabet = "aZ09_-.*/ éü\u0000\u00ff\u2028x";
        java.util.Random random = new java.util.Random(7);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(70);
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < length; c++) {
                text.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : (char) ('a' + random.nextInt(26)));
            }
            boolean expected = pattern.matcher(text).matches();
            assertThat(StreamKeys.isValidSegment(text.toString())).as("%s", text).isEqualTo(expected);
            if (expected) {
                accepted++;
            }
        }
        assertThat(accepted).isPositive();
        assertThat(StreamKeys.isValidSegment("")).isFalse();
        assertThat(StreamKeys.isValidSegment(null)).isFalse();
    }

    @Test
    @DisplayName("A private stream's kind indexes the user clock; public streams and unknown kinds have none")
    void userKinds() {
        assertThat(StreamKeys.userKindIndex(StreamKeys.userOrders("u1"))).isEqualTo(0);
        assertThat(StreamKeys.userKindIndex(StreamKeys.userTrades("u1"))).isEqualTo(1);
        assertThat(StreamKeys.userKindIndex(StreamKeys.userAccount("u1"))).isEqualTo(2);
        assertThat(StreamKeys.userKindIndex(StreamKeys.userPositions("u1"))).isEqualTo(3);
        assertThat(StreamKeys.userKindIndex(StreamKeys.marketTrades("IX2301"))).isEqualTo(-1);
        assertThat(StreamKeys.userKindIndex("user.u1.pnl")).isEqualTo(-1);
    }
}
