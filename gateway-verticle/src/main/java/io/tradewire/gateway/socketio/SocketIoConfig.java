package io.tradewire.gateway.socketio;

import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code socketio} dialect's own keys in {@code gateway.socketio} (path, ping-interval and
 * idle-timeout are the gateway's generic dialect keys).
 *
 * @param pingTimeout       Engine.IO {@code pingTimeout}: how long the server waits for the client's pong
 * @param connectTimeout    how long a connection may stay without an accepted CONNECT (socket.io's {@code connectTimeout})
 * @param maxHttpBufferSize Engine.IO {@code maxPayload}: largest HTTP long-polling body accepted (bytes)
 * @param intervals         how often each push is checked for changes
 * @param zone              zone of the {@code timestamp} fields (local date-times without offset, as the seed writes them)
 * @param recovery          which connections get Socket.IO connection state recovery ({@code pid} and offsets)
 */
public record SocketIoConfig(Duration pingTimeout, Duration connectTimeout, int maxHttpBufferSize, Map<TradingType, Duration> intervals,
        ZoneId zone, Recovery recovery) {

    /**
     * {@code gateway.socketio.connection-state-recovery}: the offset travels as an extra last argument of each event,
     * which socket.io-client and Socket.IO-Client-Swift ignore but a python-socketio handler taking one argument does
     * not, so by default only a client that asks ({@code "recovery": true} in its CONNECT auth payload, or a pid from
     * an earlier connection) gets them.
     */
    public enum Recovery {
        OPT_IN, ALWAYS, OFF;

        static Recovery parse(String text, String key) {
            return switch (text) {
                case "opt-in" -> OPT_IN;
                case "always" -> ALWAYS;
                case "off" -> OFF;
                default -> throw new ConfigException(key, "expected opt-in, always or off, got '" + text + "'");
            };
        }
    }
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(25);
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(45);
    public static final int DEFAULT_MAX_HTTP_BUFFER_SIZE = 1_000_000;
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);

    public SocketIoConfig {
        intervals = Map.copyOf(intervals);
    }

    public static SocketIoConfig defaults() {
        return from(ConfigReader.of(new io.vertx.core.json.JsonObject(), "gateway.socketio"));
    }

    /**
     * Reads {@code ping-timeout}, {@code connect-timeout}, {@code max-http-buffer-size}, {@code zone} and
     * {@code intervals.*}; invalid values fail the start.
     */
    public static SocketIoConfig from(ConfigReader section) {
        Duration pingTimeout = section.duration("ping-timeout", DEFAULT_PING_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(10));
        Duration connectTimeout = section.duration("connect-timeout", DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(100),
                Duration.ofMinutes(10));
        int maxBuffer = section.integer("max-http-buffer-size", DEFAULT_MAX_HTTP_BUFFER_SIZE, 1_024, 100_000_000);
        ConfigReader intervalSection = section.section("intervals");
        Map<TradingType, Duration> intervals = new EnumMap<>(TradingType.class);
        intervals.put(TradingType.BALANCE, intervalSection.duration("balance", Duration.ofSeconds(10), MIN_INTERVAL, MAX_INTERVAL));
        intervals.put(TradingType.POSITIONS, intervalSection.duration("positions", Duration.ofSeconds(5), MIN_INTERVAL, MAX_INTERVAL));
        intervals.put(TradingType.PNL, intervalSection.duration("pnl", Duration.ofSeconds(5), MIN_INTERVAL, MAX_INTERVAL));
        intervals.put(TradingType.ORDERS, intervalSection.duration("orders", Duration.ofSeconds(15), MIN_INTERVAL, MAX_INTERVAL));
        String zoneName = section.string("zone", "UTC");
        ZoneId zone;
        try {
            zone = zoneName.equals("system") ? ZoneId.systemDefault() : ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw new ConfigException(section.key("zone"), "expected system or a zone id such as UTC or Asia/Shanghai, got '"
                    + zoneName + "'");
        }
        Recovery recovery = Recovery.parse(section.string("connection-state-recovery", "opt-in"),
                section.key("connection-state-recovery"));
        return new SocketIoConfig(pingTimeout, connectTimeout, maxBuffer, intervals, zone, recovery);
    }
}
