package io.tradewire.gateway;

import io.tradewire.gateway.session.OutboundLimits;
import io.tradewire.gateway.session.RateLimits;
import io.tradewire.gateway.session.SessionLimits;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The gateway's configuration, read once at start from {@code http.*}, {@code gateway.*},
 * {@code matching.venue} and {@code instruments}. Each codec is configured from its own section
 * {@code gateway.<dialect>} here as well.
 *
 * @param origins               {@code gateway.allowed-origins}
 * @param outbound              {@code gateway.outbound.*}: how far a client may fall behind (slow consumers)
 * @param limits                sessions per user / address, streams per session, rate limits, token expiry grace
 * @param maxHttpBodyBytes      {@code gateway.max-http-body-bytes}: a request declaring a larger body is answered 413
 * @param webSocketCompression  {@code gateway.websocket-compression}: permessage-deflate (off by default)
 * @param tls                   {@code http.tls.*}
 */
public record GatewayConfig(
        String host,
        int port,
        int maxFrameBytes,
        int maxMessageBytes,
        Duration requestTimeout,
        OutboundLimits outbound,
        String venue,
        InstrumentDirectory instruments,
        Map<DialectCodec, DialectSettings> dialects,
        OriginPolicy origins,
        SessionLimits limits,
        int maxHttpBodyBytes,
        boolean webSocketCompression,
        Tls tls) {

    static final Duration HEARTBEAT_SWEEP = Duration.ofMillis(250);
    static final int DEFAULT_MAX_HTTP_BODY_BYTES = 1_048_576;

    /**
     * {@code http.tls.*}: serve {@code https://} and {@code wss://} with a PEM certificate (chain) and key.
     *
     * @param redirectPort a plain-HTTP port answering every request with a redirect to https (0: none)
     */
    public record Tls(boolean enabled, String certFile, String keyFile, int redirectPort) {
        static final Tls OFF = new Tls(false, null, null, 0);

        static Tls from(ConfigReader tls, int port) {
            boolean enabled = tls.bool("enabled", false);
            String cert = tls.string("cert-file", "").trim();
            String key = tls.string("key-file", "").trim();
            int redirect = tls.integer("redirect-port", 0, 0, 65_535);
            if (!enabled) {
                if (redirect != 0) {
                    throw new ConfigException(tls.key("redirect-port"), "needs http.tls.enabled: true");
                }
                return OFF;
            }
            if (cert.isEmpty()) {
                throw new ConfigException(tls.key("cert-file"), "is required when http.tls.enabled is true (a PEM certificate chain)");
            }
            if (key.isEmpty()) {
                throw new ConfigException(tls.key("key-file"), "is required when http.tls.enabled is true (a PEM private key)");
            }
            if (redirect != 0 && redirect == port) {
                throw new ConfigException(tls.key("redirect-port"), "must differ from http.port (" + port + ")");
            }
            return new Tls(true, cert, key, redirect);
        }
    }

    /**
     * @param expiryGrace how long after its token's {@code exp} a session is closed ({@code auth.jwt.clock-skew})
     */
    static GatewayConfig from(JsonObject root, List<DialectCodec> codecs, Duration expiryGrace, Logger log) {
        ConfigReader http = ConfigReader.of(root, "http");
        ConfigReader gateway = ConfigReader.of(root, "gateway");
        InstrumentDirectory instruments = InstrumentDirectory.fromConfig(ConfigReader.of(root, ""));
        String venue = ConfigReader.of(root, "matching").string("venue", "tradewire");

        int maxFrame = gateway.integer("max-frame-bytes", 65_536, 1_024, 16 * 1_024 * 1_024);
        int maxMessage = gateway.integer("max-message-bytes", 65_536, 1_024, 64 * 1_024 * 1_024);
        if (maxMessage < maxFrame) {
            throw new ConfigException("gateway.max-message-bytes", "must be at least gateway.max-frame-bytes (" + maxFrame + ")");
        }
        Map<DialectCodec, DialectSettings> dialects = new LinkedHashMap<>();
        Map<String, String> paths = new LinkedHashMap<>();
        for (DialectCodec codec : codecs) {
            ConfigReader section = gateway.section(codec.name());
            DialectSettings settings = DialectSettings.from(section, codec.defaults());
            String clash = paths.put(settings.path(), codec.name());
            if (clash != null) {
                throw new ConfigException(section.key("path"), "path " + settings.path() + " is already used by dialect " + clash);
            }
            codec.configure(new DialectContext(instruments, section));
            dialects.put(codec, settings);
        }
        OriginPolicy origins;
        try {
            origins = OriginPolicy.of(gateway.stringList("allowed-origins", List.of()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("gateway.allowed-origins", e.getMessage());
        }
        SessionLimits limits = new SessionLimits(
                gateway.integer("max-subscriptions-per-session", SessionLimits.DEFAULT_MAX_SUBSCRIPTIONS_PER_SESSION, 8, 1_000_000),
                gateway.integer("max-sessions-per-user", SessionLimits.DEFAULT_MAX_SESSIONS_PER_USER, 0, 1_000_000),
                gateway.integer("max-sessions-per-ip", SessionLimits.DEFAULT_MAX_SESSIONS_PER_IP, 0, 10_000_000),
                rateLimits(gateway.section("rate-limit")),
                expiryGrace,
                maxMessage);
        int port = http.integer("port", 8080, 0, 65_535);
        GatewayConfig config = new GatewayConfig(
                http.string("host", "0.0.0.0"),
                port,
                maxFrame,
                maxMessage,
                gateway.duration("request-timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(5)),
                outbound(gateway),
                venue,
                instruments,
                Map.copyOf(dialects),
                origins,
                limits,
                gateway.integer("max-http-body-bytes", DEFAULT_MAX_HTTP_BODY_BYTES, 1_024, 256 * 1_048_576),
                gateway.bool("websocket-compression", false),
                Tls.from(http.section("tls"), port));
        http.warnUnknown(log);
        gateway.warnUnknown(log);
        return config;
    }

    /**
     * {@code gateway.outbound.*}; defaults in {@link OutboundLimits#DEFAULTS}. {@code gateway.max-queued-bytes}, the
     * key before it, still sets {@code max-bytes} when {@code outbound.max-bytes} is not given.
     */
    static OutboundLimits outbound(ConfigReader gateway) {
        ConfigReader outbound = gateway.section("outbound");
        int legacyBytes = gateway.integer("max-queued-bytes", OutboundLimits.DEFAULT_MAX_BYTES, 1_024, 256 * 1_048_576);
        return new OutboundLimits(
                outbound.integer("max-messages", OutboundLimits.DEFAULT_MAX_MESSAGES, 1, 10_000_000),
                outbound.integer("max-bytes", legacyBytes, 1_024, 256 * 1_048_576),
                outbound.integer("socket-bytes", OutboundLimits.DEFAULT_SOCKET_BYTES, 1_024, 64 * 1_048_576));
    }

    /** {@code gateway.rate-limit.*}; defaults in {@link RateLimits#DEFAULTS}. */
    static RateLimits rateLimits(ConfigReader section) {
        RateLimits defaults = RateLimits.DEFAULTS;
        boolean enabled = section.bool("enabled", true);
        RateLimits.Rate sessionMessages = rate(section, "messages", defaults.sessionMessages());
        RateLimits.Rate sessionOrders = rate(section, "orders", defaults.sessionOrders());
        RateLimits.Rate userMessages = rate(section, "user-messages", defaults.userMessages());
        RateLimits.Rate userOrders = rate(section, "user-orders", defaults.userOrders());
        int abuse = section.integer("abuse-refusals", defaults.abuseRefusals(), 0, 1_000_000);
        Duration window = section.duration("abuse-window", defaults.abuseWindow(), Duration.ofSeconds(1), Duration.ofHours(1));
        return new RateLimits(enabled, sessionMessages, sessionOrders, userMessages, userOrders, abuse, window);
    }

    /** {@code <name>-per-second} (a decimal above 0, at most 1,000,000) and {@code <name>-burst} (1 to 1,000,000). */
    private static RateLimits.Rate rate(ConfigReader section, String name, RateLimits.Rate defaults) {
        BigDecimal perSecond = section.decimal(name + "-per-second", BigDecimal.valueOf(defaults.perSecond()));
        if (perSecond.signum() <= 0 || perSecond.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
            throw new ConfigException(section.key(name + "-per-second"), "must be above 0 and at most 1000000, got " + perSecond);
        }
        int burst = section.integer(name + "-burst", defaults.burst(), 1, 1_000_000);
        return new RateLimits.Rate(perSecond.doubleValue(), burst);
    }
}
