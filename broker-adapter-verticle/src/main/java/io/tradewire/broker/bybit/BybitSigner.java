package io.tradewire.broker.bybit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bybit v5 HMAC-SHA256 signatures: REST {@code X-BAPI-SIGN} = hex HMAC(secret, timestamp + api key + recv window +
 * (query string | raw JSON body)); WebSocket auth = hex HMAC(secret, "GET/realtime" + expires).
 */
public final class BybitSigner {
    private final String apiKey;
    private final SecretKeySpec key;

    public BybitSigner(String apiKey, String apiSecret) {
        this.apiKey = apiKey;
        this.key = new SecretKeySpec(apiSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String apiKey() {
        return apiKey;
    }

    public String rest(long timestamp, long recvWindow, String payload) {
        return hmac(timestamp + apiKey + recvWindow + payload);
    }

    public String websocket(long expires) {
        return hmac("GET/realtime" + expires);
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
