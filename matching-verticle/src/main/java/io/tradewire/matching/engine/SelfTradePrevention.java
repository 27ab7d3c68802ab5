package io.tradewire.matching.engine;

import java.util.Locale;

/**
 * What the venue does when an incoming order would trade with a resting order of the same user
 * ({@code matching.self-trade-prevention}).
 */
public enum SelfTradePrevention {
    /**
     * Cancel the newest: the incoming order trades with other users' orders ahead of the user's own resting order,
     * then its remainder is cancelled in front of it (it never rests, whatever its time in force). The resting order
     * stays untouched. A fill-or-kill order that could not fill completely before reaching the user's own order is
     * refused ({@link io.tradewire.model.ErrorCode#NOT_FILLABLE}); an amended order that loses priority counts as the
     * newest.
     */
    CANCEL_NEWEST("cancel-newest"),
    /** No prevention: a user's orders may trade with each other. */
    NONE("none");

    private final String wireName;

    SelfTradePrevention(String wireName) {
        this.wireName = wireName;
    }

    /** The configuration value: {@code cancel-newest} or {@code none}. */
    public String wireName() {
        return wireName;
    }

    /** The mode for a configuration value (letter case ignored); {@link IllegalArgumentException} for anything else. */
    public static SelfTradePrevention parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (SelfTradePrevention mode : values()) {
            if (mode.wireName.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be cancel-newest or none, got '" + text + "'");
    }
}
