package io.tradewire.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.gateway.session.OutboundLimits;
import io.tradewire.gateway.session.RateLimits;
import io.tradewire.gateway.session.SessionLimits;
import io.tradewire.model.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The gateway's security keys: defaults, overrides, and refusals that name the key. */
class GatewayConfigTest {
    private static GatewayConfig read(JsonObject root) {
        return GatewayConfig.from(root, List.of(), Duration.ofSeconds(5), LoggerFactory.getLogger("test"));
    }

    private static JsonObject gateway(JsonObject section) {
        return new JsonObject().put("gateway", section);
    }

    @Test
    @DisplayName("Defaults: same-origin only, 256 streams per session, 32 sessions per user, 256 per address, rate limits on, TLS off")
    void defaults() {
        GatewayConfig config = read(new JsonObject());
        SessionLimits limits = config.limits();
        assertThat(config.origins().allows("https://evil.example", "localhost", 8080)).isFalse();
        assertThat(limits.maxSubscriptionsPerSession()).isEqualTo(256);
        assertThat(limits.maxSessionsPerUser()).isEqualTo(32);
        assertThat(limits.maxSessionsPerIp()).isEqualTo(256);
        assertThat(limits.expiryGrace()).hasSeconds(5);
        assertThat(limits.maxMessageChars()).isEqualTo(65_536);
        assertThat(limits.rateLimits()).isEqualTo(RateLimits.DEFAULTS);
        assertThat(config.maxHttpBodyBytes()).isEqualTo(1_048_576);
        assertThat(config.webSocketCompression()).isFalse();
        assertThat(config.tls().enabled()).isFalse();
    }

    @Test
    @DisplayName("Every limit can be changed, also as text (--set, environment)")
    void overrides() {
        JsonObject root = gateway(new JsonObject()
                .put("allowed-origins", "https://app.example.com, https://*.example.org")
                .put("max-subscriptions-per-session", "1000")
                .put("max-sessions-per-user", 0)
                .put("max-sessions-per-ip", "0")
                .put("max-http-body-bytes", 4096)
                .put("websocket-compression", "true")
                .put("rate-limit", new JsonObject().put("enabled", "false").put("orders-per-second", "0.5").put("orders-burst", 3)
                        .put("user-messages-per-second", 1000).put("abuse-refusals", 0).put("abuse-window", "1m")));
        GatewayConfig config = read(root);
        assertThat(config.origins().allows("https://x.example.org", "api", 443)).isTrue();
        assertThat(config.limits().maxSubscriptionsPerSession()).isEqualTo(1000);
        assertThat(config.limits().maxSessionsPerUser()).isZero();
        assertThat(config.limits().maxSessionsPerIp()).isZero();
        assertThat(config.maxHttpBodyBytes()).isEqualTo(4096);
        assertThat(config.webSocketCompression()).isTrue();
        RateLimits rates = config.limits().rateLimits();
        assertThat(rates.enabled()).isFalse();
        assertThat(rates.sessionOrders()).isEqualTo(new RateLimits.Rate(0.5, 3));
        assertThat(rates.userMessages().perSecond()).isEqualTo(1000);
        assertThat(rates.abuseRefusals()).isZero();
        assertThat(rates.abuseWindow()).hasMinutes(1);
    }

    @Test
    @DisplayName("gateway.outbound.*: defaults, overrides, and the older gateway.max-queued-bytes when max-bytes is not set")
    void outbound() {
        assertThat(read(new JsonObject()).outbound()).isEqualTo(OutboundLimits.DEFAULTS);
        assertThat(read(gateway(new JsonObject().put("outbound", new JsonObject()
                .put("max-messages", "500").put("max-bytes", 65_536).put("socket-bytes", 4_096)))).outbound())
                .isEqualTo(new OutboundLimits(500, 65_536, 4_096));
        assertThat(read(gateway(new JsonObject().put("max-queued-bytes", 2_097_152))).outbound().maxBytes()).isEqualTo(2_097_152);
        assertThat(read(gateway(new JsonObject().put("max-queued-bytes", 2_097_152)
                .put("outbound", new JsonObject().put("max-bytes", 8_192)))).outbound().maxBytes()).isEqualTo(8_192);
        assertThatThrownBy(() -> read(gateway(new JsonObject().put("outbound", new JsonObject().put("max-messages", 0)))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.outbound.max-messages");
        assertThatThrownBy(() -> read(gateway(new JsonObject().put("outbound", new JsonObject().put("socket-bytes", 10)))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.outbound.socket-bytes");
    }

    @Test
    @DisplayName("Invalid values fail the start naming the key")
    void invalid() {
        assertThatThrownBy(() -> read(gateway(new JsonObject().put("allowed-origins", "example.com"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.allowed-origins");
        assertThatThrownBy(() -> read(gateway(new JsonObject().put("rate-limit", new JsonObject().put("messages-per-second", 0)))))
                .hasMessageContaining("gateway.rate-limit.messages-per-second");
        assertThatThrownBy(() -> read(gateway(new JsonObject().put("rate-limit", new JsonObject().put("orders-burst", 0)))))
                .hasMessageContaining("gateway.rate-limit.orders-burst");
        assertThatThrownBy(() -> read(gateway(new JsonObject().put("max-subscriptions-per-session", 2))))
                .hasMessageContaining("gateway.max-subscriptions-per-session");
        JsonObject tlsWithoutFiles = new JsonObject().put("http", new JsonObject().put("tls", new JsonObject().put("enabled", true)));
        assertThatThrownBy(() -> read(tlsWithoutFiles)).hasMessageContaining("http.tls.cert-file");
        JsonObject redirectWithoutTls = new JsonObject().put("http", new JsonObject().put("tls", new JsonObject().put("redirect-port", 80)));
        assertThatThrownBy(() -> read(redirectWithoutTls)).hasMessageContaining("http.tls.redirect-port");
        JsonObject samePort = new JsonObject().put("http", new JsonObject().put("port", 8443).put("tls", new JsonObject()
                .put("enabled", true).put("cert-file", "c.pem").put("key-file", "k.pem").put("redirect-port", 8443)));
        assertThatThrownBy(() -> read(samePort)).hasMessageContaining("must differ");
        JsonObject tls = new JsonObject().put("http", new JsonObject().put("tls", new JsonObject()
                .put("enabled", true).put("cert-file", "c.pem").put("key-file", "k.pem").put("redirect-port", 80)));
        assertThat(read(tls).tls()).isEqualTo(new GatewayConfig.Tls(true, "c.pem", "k.pem", 80));
    }
}
