package io.tradewire.gateway.qe;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Listen keys: what opens a QE WebSocket. One valid key per user — creating one revokes the user's previous key —
 * living {@code gateway.qe.listen-key-ttl}. They are kept in Vert.x shared data (an {@link AsyncMap} with entry
 * TTLs), so in a cluster a key created through one gateway opens a socket on any other.
 */
public final class ListenKeys {
    static final String BY_KEY = "qe.listen-keys";
    static final String BY_USER = "qe.listen-key-of-user";
    /** 64 lower-case hex digits. */
    static final Pattern FORMAT = Pattern.compile("[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key and when it stops opening sockets (epoch milliseconds). */
    public record Issued(String listenKey, long expiresAt) {
    }

    private final Vertx vertx;
    private final Duration ttl;
    private final LongSupplier clock;

    public ListenKeys(Vertx vertx, Duration ttl, LongSupplier clock) {
        this.vertx = vertx;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A new key for the user; the user's previous key stops working. */
    public Future<Issued> create(String userId) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String key = HexFormat.of().formatHex(random);
        long expiresAt = clock.getAsLong() + ttl.toMillis();
        return Future.all(byKey(), byUser()).compose(maps -> {
            AsyncMap<String, String> keys = maps.resultAt(0);
            AsyncMap<String, String> users = maps.resultAt(1);
            return users.get(userId)
                    .compose(previous -> previous == null ? Future.succeededFuture() : keys.remove(previous))
                    .compose(v -> keys.put(key, userId + "|" + expiresAt, ttl.toMillis()))
                    .compose(v -> users.put(userId, key, ttl.toMillis()))
                    .map(v -> new Issued(key, expiresAt));
        });
    }

    /** The user a key belongs to, or null when it is malformed, unknown, revoked or expired. */
    public Future<String> userOf(String listenKey) {
        if (listenKey == null || !FORMAT.matcher(listenKey).matches()) {
            return Future.succeededFuture(null);
        }
        return byKey().compose(keys -> keys.get(listenKey)).map(value -> {
            if (value == null) {
                return null;
            }
            int bar = value.lastIndexOf('|');
            long expiresAt = Long.parseLong(value.substring(bar + 1));
            return expiresAt > clock.getAsLong() ? value.substring(0, bar) : null;
        });
    }

    private Future<AsyncMap<String, String>> byKey() {
        return vertx.sharedData().getAsyncMap(BY_KEY);
    }

    private Future<AsyncMap<String, String>> byUser() {
        return vertx.sharedData().getAsyncMap(BY_USER);
    }
}
