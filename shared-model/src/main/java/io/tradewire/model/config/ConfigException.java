package io.tradewire.model.config;

/** An invalid configuration value: the message names the full key and what was wrong. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String key, String problem) {
        super("invalid configuration '" + key + "': " + problem);
    }
}
