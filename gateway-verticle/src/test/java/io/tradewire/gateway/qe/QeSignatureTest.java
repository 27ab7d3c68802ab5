package io.tradewire.gateway.qe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Known vectors, computed outside this code: the HMAC-SHA256 example of Binance's signed-endpoint documentation (the
 * scheme the QE SDK inherits, X-MBX-APIKEY included), and QE-style queries signed with Python's {@code hmac} exactly
 * as the SDK builds them ({@code urlencode(params, True).replace("%40", "@")}).
 */
class QeSignatureTest {
    /** Binance API docs, "SIGNED endpoint examples for POST /api/v3/order", HMAC Keys. */
    private static final String BINANCE_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private static final String BINANCE_QUERY =
            "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    private static final String BINANCE_SIGNATURE = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71";

    /**
     * {@code python3 -c 'import hmac,hashlib; from urllib.parse import urlencode; q=urlencode({"algorithm":"TWAP",
     * "algorithmType":"TWAP","exchange":"Tradewire","symbol":"BTCUSDT","marketType":"SPOT","side":"BUY",
     * "apiKeyId":"key@1","totalQuantity":0.005,"executionDurationSeconds":60,"notes":"slow & steady",
     * "reduceOnly":False,"timestamp":1700000000000},True).replace("%40","@"); print(q); print(hmac.new(SECRET,
     * q.encode(), hashlib.sha256).hexdigest())'}
     */
    private static final String QE_SECRET = "160d037aa13454bbc3558323122bdbab30e9f0ff85aef270d0e2db56ac175e1b";
    private static final String QE_QUERY = "algorithm=TWAP&algorithmType=TWAP&exchange=Tradewire&symbol=BTCUSDT&marketType=SPOT"
            + "&side=BUY&apiKeyId=key@1&totalQuantity=0.005&executionDurationSeconds=60&notes=slow+%26+steady&reduceOnly=False"
            + "&timestamp=1700000000000";
    private static final String QE_SIGNATURE = "46d2d6bd8257aac0c81da092a2b973607edc0b83ab2d6808e965c543d39e84c1";
    /** Python: {@code hmac.new(b"qe-test-secret", b"recvWindow=5000&timestamp=1700000000000", hashlib.sha256).hexdigest()}. */
    private static final String SORTED_SIGNATURE = "89b9899f83c53fc05666b36a17ed8b35d29b2116d693ece327502d2e7df4ac56";

    @Test
    @DisplayName("Bytes in, signature out: Binance's documented vector and an SDK-built QE query signed with Python's hmac")
    void knownVectors() {
        assertThat(QeSignature.sign(BINANCE_SECRET, BINANCE_QUERY)).isEqualTo(BINANCE_SIGNATURE);
        assertThat(QeSignature.sign(QE_SECRET, QE_QUERY)).isEqualTo(QE_SIGNATURE);
    }

    @Test
    @DisplayName("The signed text is the query as sent without its signature parameter, wherever that stands")
    void verifiesTheQueryAsSent() {
        assertThat(QeSignature.verify(QE_SECRET, QE_QUERY + "&signature=" + QE_SIGNATURE, QE_SIGNATURE)).isTrue();
        assertThat(QeSignature.verify(BINANCE_SECRET, "signature=" + BINANCE_SIGNATURE + "&" + BINANCE_QUERY, BINANCE_SIGNATURE)).isTrue();
        assertThat(QeSignature.verify(QE_SECRET, QE_QUERY + "&signature=x", QE_SIGNATURE.toUpperCase())).isTrue();
    }

    @Test
    @DisplayName("A client that signed its parameters sorted by name but sent them in another order is accepted")
    void acceptsSortedSigning() {
        assertThat(QeSignature.verify("qe-test-secret", "timestamp=1700000000000&recvWindow=5000", SORTED_SIGNATURE)).isTrue();
    }

    @Test
    @DisplayName("Another secret, a changed value, an added or a dropped parameter: the signature does not verify")
    void refusesAnythingElse() {
        String signed = QE_QUERY + "&signature=" + QE_SIGNATURE;
        assertThat(QeSignature.verify(BINANCE_SECRET, signed, QE_SIGNATURE)).isFalse();
        assertThat(QeSignature.verify(QE_SECRET, signed.replace("totalQuantity=0.005", "totalQuantity=5"), QE_SIGNATURE)).isFalse();
        assertThat(QeSignature.verify(QE_SECRET, signed + "&side=SELL", QE_SIGNATURE)).isFalse();
        assertThat(QeSignature.verify(QE_SECRET, signed.replace("&reduceOnly=False", ""), QE_SIGNATURE)).isFalse();
        assertThat(QeSignature.verify(QE_SECRET, "", QE_SIGNATURE)).isFalse();
    }
}
