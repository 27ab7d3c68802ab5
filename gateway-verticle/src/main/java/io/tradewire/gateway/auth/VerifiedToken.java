package io.tradewire.gateway.auth;

import java.time.Instant;

/**
 * What a valid token says: whose it is and until when.
 *
 * @param userId    the subject ({@code sub}), a valid stream-key segment
 * @param expiresAt the token's {@code exp}; null when the verifier does not know it (then a session never expires)
 */
public record VerifiedToken(String userId, Instant expiresAt) {
}
