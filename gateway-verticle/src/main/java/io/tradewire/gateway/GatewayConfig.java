package io.tradewire.gateway;

import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The gateway's configuration, read once at start from {@code http.*}, {@code gateway.*},
 * {@code matching.venue} and {@code instruments}. Each codec is configured from its own section
 * {@code gateway.<dialect>} here as well.
 */
public record GatewayConfig(
        String host,
        int port,
        int maxFrameBytes,
        int maxMessageBytes,
        Duration requestTimeout,
        int maxQueuedBytes,
        String venue,
        InstrumentDirectory instruments,
        Map<DialectCodec, DialectSettings> dialects) {

    static final Duration HEARTBEAT_SWEEP = Duration.ofMillis(250);

    static GatewayConfig from(JsonObject root, List<DialectCodec> codecs, Logger log) {
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
        GatewayConfig config = new GatewayConfig(
                http.string("host", "0.0.0.0"),
                http.integer("port", 8080, 0, 65_535),
                maxFrame,
                maxMessage,
                gateway.duration("request-timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(5)),
                gateway.integer("max-queued-bytes", 1_048_576, 16_384, 256 * 1_048_576),
                venue,
                instruments,
                Map.copyOf(dialects));
        http.warnUnknown(log);
        gateway.warnUnknown(log);
        return config;
    }
}
