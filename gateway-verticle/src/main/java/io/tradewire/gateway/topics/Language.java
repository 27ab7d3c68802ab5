package io.tradewire.gateway.topics;

import java.util.Locale;
import java.util.Optional;

/**
 * The language of the topics dialect's {@code error_message} texts: Chinese like the seed by default,
 * English on request ({@code ?lang=en} or {@code gateway.topics.language: en}).
 */
enum Language {
    ZH,
    EN;

    /** {@code zh}, {@code zh-CN}, {@code en}, {@code en_US} … (any letter case); empty for anything else. */
    static Optional<Language> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String lower = text.trim().toLowerCase(Locale.ROOT);
        for (Language language : values()) {
            String name = language.name().toLowerCase(Locale.ROOT);
            if (lower.equals(name) || lower.startsWith(name + "-") || lower.startsWith(name + "_")) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }
}
