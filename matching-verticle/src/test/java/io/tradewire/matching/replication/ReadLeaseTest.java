package io.tradewire.matching.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReadLeaseTest {

    @Test
    @DisplayName("A leader answers queries while a majority (itself included) was heard within 90% of the election timeout")
    void lease() {
        assertThat(ReadLease.held(List.of(100L, 5000L), 2, 1000)).as("one recent follower + itself = 2 of 3").isTrue();
        assertThat(ReadLease.held(List.of(899L, 950L), 2, 1000)).as("899 ms is inside a 900 ms lease").isTrue();
        assertThat(ReadLease.held(List.of(900L, 5000L), 2, 1000)).as("900 ms is not").isFalse();
        assertThat(ReadLease.held(List.of(100L, 100L, 9000L, 9000L), 3, 1000)).as("3 of 5").isTrue();
        assertThat(ReadLease.held(List.of(100L, 9000L, 9000L, 9000L), 3, 1000)).as("2 of 5").isFalse();
        assertThat(ReadLease.held(List.of(), 1, 1000)).as("a single replica is its own majority").isTrue();
        assertThat(ReadLease.held(List.of(-1L, -1L), 2, 1000)).as("never heard").isFalse();
    }
}
