package io.tradewire.gateway.ib;

import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * The ib dialect's own keys in {@code gateway.ib} (path, ping interval and idle timeout are read by the
 * gateway): {@code language} ({@code zh} | {@code en}, default {@code zh}) and {@code zone} (the zone of the
 * local date-times in {@code timestamp} fields: {@code system} for the server's default zone, or a zone id
 * such as {@code Asia/Shanghai}, {@code UTC}, {@code +08:00}).
 */
record IbConfig(IbLanguage language, ZoneId zone) {
    static final String DEFAULT_LANGUAGE = "zh";
    static final String SYSTEM_ZONE = "system";

    static IbConfig defaults() {
        return new IbConfig(IbLanguage.ZH, ZoneId.systemDefault());
    }

    static IbConfig from(ConfigReader section) {
        String languageText = section.string("language", DEFAULT_LANGUAGE);
        IbLanguage language = switch (languageText.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "zh" -> IbLanguage.ZH;
            case "en" -> IbLanguage.EN;
            default -> throw new ConfigException(section.key("language"), "must be zh or en, got '" + languageText + "'");
        };
        String zoneText = section.string("zone", SYSTEM_ZONE).trim();
        ZoneId zone;
        if (zoneText.isEmpty() || zoneText.equalsIgnoreCase(SYSTEM_ZONE)) {
            zone = ZoneId.systemDefault();
        } else {
            try {
                zone = ZoneId.of(zoneText);
            } catch (DateTimeException e) {
                throw new ConfigException(section.key("zone"),
                        "must be 'system' or a zone id such as Asia/Shanghai, UTC or +08:00, got '" + zoneText + "'");
            }
        }
        return new IbConfig(language, zone);
    }
}
