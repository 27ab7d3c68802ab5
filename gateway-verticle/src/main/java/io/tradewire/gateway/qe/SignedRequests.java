package io.tradewire.gateway.qe;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a QE signed request and names its user: API key in {@code X-MBX-APIKEY}, {@code timestamp} (epoch ms)
 * and optional {@code recvWindow} (ms) in the query, {@code signature} = hex HMAC-SHA256 of the query
 * ({@link QeSignature}). Refused, each with its own {@code reason}: no or an unknown key (401
 * {@code INVALID_API_KEY}), a bad signature (401 {@code INVALID_SIGNATURE}), a timestamp more than {@code recvWindow}
 * old or ahead of the server by more than {@code gateway.qe.max-clock-ahead} (400
 * {@code TIMESTAMP_OUTSIDE_RECV_WINDOW}), a signature seen before (401 {@code REPLAYED_REQUEST}: a signed request
 * counts once), malformed parameters (400 {@code MALFORMED_REQUEST}).
 *
 * <p>Seen signatures are remembered in shared data for as long as their timestamp stays acceptable, so a replay is
 * caught on every gateway of a cluster. The store lookup and the HMAC run on a worker thread.
 */
final class SignedRequests {
    static final String HEADER = "X-MBX-APIKEY";
    static final String SEEN = "qe.seen-signatures";
    private static final Logger LOG = LoggerFactory.getLogger(SignedRequests.class);
    private static final Pattern API_KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern MILLIS = Pattern.compile("[0-9]{1,15}");
    private static final String UNVERIFIED = "";

    private final Vertx vertx;
    private final ApiKeyStore keys;
    private final QeConfig config;
    private final LongSupplier clock;

    SignedRequests(Vertx vertx, ApiKeyStore keys, QeConfig config, LongSupplier clock) {
        this.vertx = vertx;
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    /** The request's user, or a failed future with a {@link QeRejection}. */
    Future<String> verify(HttpServerRequest request) {
        String apiKey = request.getHeader(HEADER);
        if (apiKey == null || !API_KEY.matcher(apiKey).matches()) {
            return Future.failedFuture(QeRejection.unauthorized("INVALID_API_KEY", "API key required in the " + HEADER + " header"));
        }
        String raw = request.query();
        MultiMap params;
        try {
            params = request.params();
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(QeRejection.malformed("the query string is not valid url-encoding"));
        }
        String signature = single(params, QeSignature.PARAMETER);
        String timestamp = single(params, "timestamp");
        String recvWindow = single(params, "recvWindow");
        if (signature == null || !SIGNATURE.matcher(signature).matches()) {
            return Future.failedFuture(QeRejection.malformed("signature must be one hex HMAC-SHA256 (64 hex digits)"));
        }
        if (timestamp == null || !MILLIS.matcher(timestamp).matches()) {
            return Future.failedFuture(QeRejection.malformed("timestamp must be one epoch time in milliseconds"));
        }
        long window = config.defaultRecvWindow().toMillis();
        if (params.contains("recvWindow")) {
            if (recvWindow == null || !MILLIS.matcher(recvWindow).matches() || Long.parseLong(recvWindow) <= 0
                    || Long.parseLong(recvWindow) > config.maxRecvWindow().toMillis()) {
                return Future.failedFuture(QeRejection.malformed("recvWindow must be between 1 and "
                        + config.maxRecvWindow().toMillis() + " milliseconds"));
            }
            window = Long.parseLong(recvWindow);
        }
        long sent = Long.parseLong(timestamp);
        long now = clock.getAsLong();
        if (sent > now + config.maxClockAhead().toMillis() || now - sent > window) {
            return Future.failedFuture(new QeRejection(400, 400, "TIMESTAMP_OUTSIDE_RECV_WINDOW",
                    "Timestamp for this request is outside of the recvWindow (server time " + now + ")"));
        }
        long remember = sent + window - now + config.maxClockAhead().toMillis() + 1;
        return vertx.executeBlocking(() -> {
            Optional<ApiKeyStore.Credential> credential = keys.find(apiKey);
            if (credential.isEmpty()) {
                return null;
            }
            return QeSignature.verify(credential.get().secret(), raw, signature) ? credential.get().userId() : UNVERIFIED;
        }, false).recover(e -> {
            LOG.warn("API key store unreadable: {}", e.getMessage());
            return Future.failedFuture(QeRejection.of(io.tradewire.model.ErrorCode.UNAVAILABLE, "API keys are unavailable"));
        }).compose(user -> {
            if (user == null) {
                return Future.failedFuture(QeRejection.unauthorized("INVALID_API_KEY", "Invalid API key"));
            }
            if (user.equals(UNVERIFIED)) {
                return Future.failedFuture(QeRejection.unauthorized("INVALID_SIGNATURE", "Signature for this request is not valid"));
            }
            return firstUse(apiKey, signature, remember).compose(first -> first ? Future.succeededFuture(user)
                    : Future.failedFuture(QeRejection.unauthorized("REPLAYED_REQUEST", "This signed request was already used")));
        });
    }

    private Future<Boolean> firstUse(String apiKey, String signature, long ttlMillis) {
        return vertx.sharedData().<String, String>getAsyncMap(SEEN)
                .compose(seen -> seen.putIfAbsent(apiKey + ":" + signature.toLowerCase(java.util.Locale.ROOT), "1", Math.max(1, ttlMillis)))
                .map(previous -> previous == null);
    }

    /** The one value of a parameter; null when absent or repeated. */
    private static String single(MultiMap params, String name) {
        List<String> values = params.getAll(name);
        return values.size() == 1 ? values.get(0) : null;
    }
}
