package io.tradewire.broker.bybit;

import io.tradewire.broker.BrokerJson;
import io.tradewire.broker.HttpJson;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.RejectedException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Bybit v5 REST: signed requests ({@code X-BAPI-*} headers), replies {@code {"retCode","retMsg","result","time"}} turned
 * into the result or a {@link RejectedException} with the matching {@link ErrorCode}. Clock skew: the offset to the
 * server's clock is measured from {@code /v5/market/time} ({@link #syncTime()}), and a request refused for its timestamp
 * (retCode 10002) is re-sent once after a new measurement.
 */
public final class BybitRest {
    static final int TIMESTAMP_OUTSIDE_WINDOW = 10002;
    private static final Map<Integer, ErrorCode> CODES = Map.ofEntries(
            Map.entry(10001, ErrorCode.MALFORMED),
            Map.entry(10003, ErrorCode.UNAVAILABLE), Map.entry(10004, ErrorCode.UNAVAILABLE),
            Map.entry(10005, ErrorCode.UNAVAILABLE), Map.entry(33004, ErrorCode.UNAVAILABLE),
            Map.entry(10006, ErrorCode.RATE_LIMITED), Map.entry(10018, ErrorCode.RATE_LIMITED),
            Map.entry(110001, ErrorCode.ORDER_NOT_FOUND), Map.entry(170213, ErrorCode.ORDER_NOT_FOUND),
            Map.entry(110003, ErrorCode.PRICE_OUT_OF_BAND),
            Map.entry(110004, ErrorCode.INSUFFICIENT_FUNDS), Map.entry(110007, ErrorCode.INSUFFICIENT_FUNDS),
            Map.entry(110012, ErrorCode.INSUFFICIENT_FUNDS), Map.entry(110044, ErrorCode.INSUFFICIENT_FUNDS),
            Map.entry(110045, ErrorCode.INSUFFICIENT_FUNDS),
            Map.entry(110008, ErrorCode.ORDER_NOT_ACTIVE), Map.entry(110010, ErrorCode.ORDER_NOT_ACTIVE),
            Map.entry(110017, ErrorCode.INSUFFICIENT_POSITION),
            Map.entry(110072, ErrorCode.DUPLICATE_CLIENT_ORDER_ID));

    private final HttpJson http;
    private final String baseUrl;
    private final BybitSigner signer;
    private final long recvWindow;
    private long clockOffset;

    public BybitRest(HttpJson http, String baseUrl, BybitSigner signer, long recvWindowMillis) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.signer = signer;
        this.recvWindow = recvWindowMillis;
    }

    /** Now on the server's clock, as far as the last measurement knows. */
    public long serverNow() {
        return System.currentTimeMillis() + clockOffset;
    }

    /** Measures the offset to the server's clock (half the round trip counted as transit). */
    public Future<Long> syncTime() {
        long sent = System.currentTimeMillis();
        return http.send(HttpMethod.GET, baseUrl + "/v5/market/time", null, null).map(reply -> {
            JsonObject body = result(reply, "/v5/market/time");
            long server = body.getLong("time", 0L);
            if (server <= 0) {
                throw new IllegalStateException("/v5/market/time has no time");
            }
            long received = System.currentTimeMillis();
            clockOffset = server - (sent + received) / 2;
            return clockOffset;
        });
    }

    public Future<JsonObject> get(String path, String query) {
        return signed(HttpMethod.GET, path, query, null, true);
    }

    public Future<JsonObject> post(String path, JsonObject body) {
        return signed(HttpMethod.POST, path, null, body.encode(), true);
    }

    private Future<JsonObject> signed(HttpMethod method, String path, String query, String body, boolean retryOnSkew) {
        long timestamp = serverNow();
        String payload = method == HttpMethod.GET ? (query == null ? "" : query) : body;
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("X-BAPI-API-KEY", signer.apiKey())
                .add("X-BAPI-TIMESTAMP", Long.toString(timestamp))
                .add("X-BAPI-RECV-WINDOW", Long.toString(recvWindow))
                .add("X-BAPI-SIGN", signer.rest(timestamp, recvWindow, payload));
        String url = baseUrl + path + (query == null || query.isEmpty() ? "" : "?" + query);
        return http.send(method, url, headers, body).compose(reply -> {
            if (retryOnSkew && reply.body() instanceof JsonObject json && json.getInteger("retCode", 0) == TIMESTAMP_OUTSIDE_WINDOW) {
                return syncTime().compose(offset -> signed(method, path, query, body, false));
            }
            return Future.succeededFuture(result(reply, path).getJsonObject("result", new JsonObject()));
        });
    }

    /** The whole reply when retCode is 0; otherwise the rejection it means. */
    private static JsonObject result(HttpJson.Reply reply, String path) {
        if (!(reply.body() instanceof JsonObject json)) {
            throw new RejectedException(ErrorCode.UNAVAILABLE, "bybit " + path + " answered HTTP " + reply.status() + " without JSON");
        }
        Object code = json.getValue("retCode");
        if (!(code instanceof Number number)) {
            throw new RejectedException(ErrorCode.UNAVAILABLE, "bybit " + path + " answered HTTP " + reply.status() + " without retCode");
        }
        if (number.intValue() != 0) {
            String message = BrokerJson.shortText(json.getValue("retMsg", ""));
            throw new RejectedException(CODES.getOrDefault(number.intValue(), ErrorCode.UNAVAILABLE),
                    "bybit refused (" + number.intValue() + "): " + message);
        }
        return json;
    }
}
