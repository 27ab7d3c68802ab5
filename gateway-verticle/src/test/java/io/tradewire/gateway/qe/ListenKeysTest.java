package io.tradewire.gateway.qe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS) // a hang guard, not a measurement
class ListenKeysTest {

    @Test
    @DisplayName("A key names its user until it expires; a new key for the user revokes the old one; junk names nobody")
    void lifecycle(Vertx vertx, VertxTestContext testContext) {
        AtomicLong now = new AtomicLong(1_000_000);
        ListenKeys keys = new ListenKeys(vertx, Duration.ofHours(24), now::get);
        keys.create("alice").compose(first -> keys.userOf(first.listenKey()).compose(user -> {
            testContext.verify(() -> {
                assertThat(user).isEqualTo("alice");
                assertThat(first.expiresAt()).isEqualTo(1_000_000 + 24 * 3600 * 1000L);
            });
            return keys.create("alice");
        }).compose(second -> keys.userOf(first.listenKey()).compose(old -> keys.userOf(second.listenKey()).map(current -> {
            testContext.verify(() -> {
                assertThat(old).as("the previous key").isNull();
                assertThat(current).isEqualTo("alice");
            });
            now.set(second.expiresAt());
            return second;
        })))).compose(second -> keys.userOf(second.listenKey()))
                .compose(expired -> {
                    testContext.verify(() -> assertThat(expired).as("at its expiry").isNull());
                    return keys.userOf("../../etc/passwd");
                })
                .compose(junk -> {
                    testContext.verify(() -> assertThat(junk).isNull());
                    return keys.userOf(null);
                })
                .onComplete(testContext.succeeding(missing -> testContext.verify(() -> {
                    assertThat(missing).isNull();
                    testContext.completeNow();
                })));
    }
}
