package io.tradewire.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Token bucket arithmetic on an injected monotonic clock (nanoseconds). */
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    @DisplayName("A full bucket admits its burst at once, then nothing until time refills it")
    void burstThenEmpty() {
        long t = 42 * SECOND;
        TokenBucket bucket = new TokenBucket(10, 3, t);
        assertThat(bucket.tryTake(t)).isTrue();
        assertThat(bucket.tryTake(t)).isTrue();
        assertThat(bucket.tryTake(t)).isTrue();
        assertThat(bucket.tryTake(t)).isFalse();
        assertThat(bucket.tryTake(t + SECOND / 10 - 1)).as("0.99999999 of a token").isFalse();
        assertThat(bucket.tryTake(t + SECOND / 10)).isTrue();
        assertThat(bucket.tryTake(t + SECOND / 10)).isFalse();
    }

    @Test
    @DisplayName("Refill is rate × elapsed time, capped at the burst")
    void refillIsCapped() {
        TokenBucket bucket = new TokenBucket(2, 5, 0);
        for (int i = 0; i < 5; i++) {
            bucket.tryTake(0);
        }
        assertThat(bucket.available(SECOND)).isEqualTo(2.0);
        assertThat(bucket.available(100 * SECOND)).isEqualTo(5.0);
        int admitted = 0;
        while (bucket.tryTake(100 * SECOND)) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(5);
    }

    @Test
    @DisplayName("A sustained stream is admitted at the configured rate: 1000 attempts per second at 50/s admit burst + 50 per second")
    void sustainedRate() {
        TokenBucket bucket = new TokenBucket(50, 100, 0);
        int admitted = 0;
        for (int ms = 0; ms < 10_000; ms++) {
            if (bucket.tryTake(ms * 1_000_000L)) {
                admitted++;
            }
        }
        assertThat(admitted).isBetween(100 + 499, 100 + 500);
    }

    @Test
    @DisplayName("A clock that does not move (or goes back) adds nothing; a refund never exceeds the burst")
    void monotonicAndRefund() {
        TokenBucket bucket = new TokenBucket(1, 1, 10 * SECOND);
        assertThat(bucket.tryTake(10 * SECOND)).isTrue();
        assertThat(bucket.tryTake(9 * SECOND)).isFalse();
        bucket.refund();
        bucket.refund();
        assertThat(bucket.available(10 * SECOND)).isEqualTo(1.0);
    }

    @Test
    @DisplayName("A rate of zero or a burst below one is refused")
    void invalid() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
