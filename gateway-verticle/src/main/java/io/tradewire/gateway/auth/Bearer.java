package io.tradewire.gateway.auth;

import java.util.Locale;

/** The token of an HTTP {@code Authorization: Bearer <token>} header (scheme in any letter case). */
public final class Bearer {
    private static final String SCHEME = "bearer ";

    private Bearer() {
    }

    /** The token, or null when the header is absent, of another scheme, or empty. */
    public static String token(String header) {
        if (header == null || header.length() <= SCHEME.length()
                || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return null;
        }
        String token = header.substring(SCHEME.length()).trim();
        return token.isEmpty() ? null : token;
    }
}
