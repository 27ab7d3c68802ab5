package io.tradewire.gateway.auth;

import io.vertx.core.Future;

/** Turns a bearer token into its user and expiry, or fails with a message fit for the client (no token contents). */
@FunctionalInterface
public interface TokenVerifier {
    Future<VerifiedToken> verify(String token);
}
