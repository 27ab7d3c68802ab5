package io.tradewire.gateway.topics;

import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The topics dialect's own keys under {@code gateway.topics} (path, ping interval and idle timeout are
 * read by the gateway).
 *
 * @param zone             zone of every timestamp written ({@code zone}, default {@code UTC})
 * @param language         default language of error messages ({@code language}: {@code zh} or {@code en})
 * @param aliases          short names accepted in topics, alias → configured symbol ({@code aliases})
 * @param maxSubscriptions topics one connection may hold at once ({@code max-subscriptions})
 */
record TopicsConfig(ZoneId zone, Language language, Map<String, String> aliases, int maxSubscriptions) {
    static final String DEFAULT_ZONE = "UTC";
    static final int DEFAULT_MAX_SUBSCRIPTIONS = 100;

    TopicsConfig {
        aliases = Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
    }

    static TopicsConfig defaults() {
        return new TopicsConfig(ZoneId.of(DEFAULT_ZONE), Language.ZH, Map.of(), DEFAULT_MAX_SUBSCRIPTIONS);
    }

    static TopicsConfig from(ConfigReader section, InstrumentDirectory instruments, Logger log) {
        String zoneText = section.string("zone", DEFAULT_ZONE);
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText.trim());
        } catch (DateTimeException e) {
            throw new ConfigException(section.key("zone"), "expected a zone id such as UTC or Asia/Shanghai, got '" + zoneText + "'");
        }
        String languageText = section.string("language", "zh");
        Language language = Language.parse(languageText).orElseThrow(
                () -> new ConfigException(section.key("language"), "expected zh or en, got '" + languageText + "'"));
        int max = section.integer("max-subscriptions", DEFAULT_MAX_SUBSCRIPTIONS, 1, 10_000);
        Map<String, String> aliases = new LinkedHashMap<>();
        section.stringMap("aliases").forEach((alias, symbol) -> {
            if (!StreamKeys.isValidSegment(alias)) {
                throw new ConfigException(section.key("aliases"), "alias '" + alias + "' must match " + StreamKeys.SEGMENT);
            }
            if (instruments.find(alias).isPresent()) {
                log.warn("{}: alias {} is also a configured symbol; the symbol wins", section.key("aliases"), alias);
            } else if (instruments.find(symbol).isEmpty()) {
                // the shipped defaults alias BTC to BTCUSDT: a configuration without BTCUSDT must still start
                log.warn("{}: alias {} names {}, which is not a configured instrument; ignored", section.key("aliases"), alias, symbol);
            } else {
                aliases.put(alias, symbol);
            }
        });
        return new TopicsConfig(zone, language, aliases, max);
    }

    /** Regions with at least one venue instrument: the venue publishes a summary for each. */
    static java.util.Set<String> regions(InstrumentDirectory instruments) {
        java.util.Set<String> regions = new java.util.LinkedHashSet<>();
        for (Instrument instrument : instruments.all()) {
            if (instrument.routedToVenue()) {
                regions.add(instrument.region());
            }
        }
        return regions;
    }
}
