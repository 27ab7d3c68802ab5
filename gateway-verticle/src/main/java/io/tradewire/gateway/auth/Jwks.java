package io.tradewire.gateway.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * A JSON Web Key Set ({@code {"keys":[...]}}, RFC 7517) reduced to the public signature keys Tradewire
 * accepts: RSA keys for RS256 (modulus of at least 2048 bits) and EC P-256 keys for ES256. Each key keeps
 * only its public members ({@code kty}, {@code alg}, {@code kid}, {@code n}/{@code e} or
 * {@code crv}/{@code x}/{@code y}), and its algorithm is fixed by its key type, so that a key can never
 * verify a token of another family (no HS/RS confusion). Symmetric keys ({@code oct}), keys for
 * encryption ({@code use} other than {@code sig}), other curves and algorithms are skipped with a warning.
 */
final class Jwks {
    /** Largest key set accepted, in bytes (file or HTTP body). */
    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_KEYS = 100;
    static final int MIN_RSA_BITS = 2048;
    private static final int MAX_KID_LENGTH = 256;

    /** One accepted public key: its algorithm, its id (or null) and its normalized JWK. */
    record Key(String algorithm, String kid, JsonObject jwk) {
    }

    private Jwks() {
    }

    /**
     * The usable keys of a key set.
     *
     * @param allowed the algorithm allow-list; keys of other algorithms are skipped
     * @param source  where the set came from, for warnings
     * @throws IllegalArgumentException when the text is not a JSON Web Key Set at all
     */
    static List<Key> parse(String text, Set<String> allowed, String source, Logger log) {
        JsonObject set;
        try {
            set = new JsonObject(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!(set.getValue("keys") instanceof JsonArray keys)) {
            throw new IllegalArgumentException("no \"keys\" array");
        }
        if (keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException("more than " + MAX_KEYS + " keys");
        }
        List<Key> usable = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Object item = keys.getValue(i);
            if (!(item instanceof JsonObject jwk)) {
                log.warn("{}: key {} is not an object; skipped", source, i);
                continue;
            }
            try {
                Key key = key(jwk, allowed);
                if (key != null) {
                    usable.add(key);
                }
            } catch (IllegalArgumentException e) {
                log.warn("{}: key {} ({}) skipped: {}", source, i, describe(jwk), e.getMessage());
            }
        }
        return List.copyOf(usable);
    }

    private static Key key(JsonObject jwk, Set<String> allowed) {
        String kty = text(jwk, "kty");
        String use = text(jwk, "use");
        if (use != null && !use.equals("sig")) {
            throw new IllegalArgumentException("use is '" + use + "', not 'sig'");
        }
        String kid = text(jwk, "kid");
        if (kid != null && (kid.isEmpty() || kid.length() > MAX_KID_LENGTH)) {
            throw new IllegalArgumentException("kid must have 1 to " + MAX_KID_LENGTH + " characters");
        }
        String alg = text(jwk, "alg");
        JsonObject clean = new JsonObject();
        String algorithm;
        if ("RSA".equals(kty)) {
            algorithm = AuthConfig.RS256;
            if (alg != null && !alg.equals(algorithm)) {
                throw new IllegalArgumentException("RSA key with alg " + alg + " (only RS256 is supported)");
            }
            BigInteger modulus = new BigInteger(1, base64Url(jwk, "n"));
            base64Url(jwk, "e");
            if (modulus.bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA modulus of " + modulus.bitLength() + " bits (at least " + MIN_RSA_BITS + ")");
            }
            clean.put("kty", kty).put("n", jwk.getString("n")).put("e", jwk.getString("e"));
        } else if ("EC".equals(kty)) {
            algorithm = AuthConfig.ES256;
            if (!"P-256".equals(text(jwk, "crv"))) {
                throw new IllegalArgumentException("EC key on curve " + text(jwk, "crv") + " (only P-256 / ES256 is supported)");
            }
            if (alg != null && !alg.equals(algorithm)) {
                throw new IllegalArgumentException("EC P-256 key with alg " + alg + " (only ES256 is supported)");
            }
            if (base64Url(jwk, "x").length != 32 || base64Url(jwk, "y").length != 32) {
                throw new IllegalArgumentException("EC P-256 coordinates must be 32 bytes");
            }
            clean.put("kty", kty).put("crv", "P-256").put("x", jwk.getString("x")).put("y", jwk.getString("y"));
        } else {
            throw new IllegalArgumentException("key type " + kty + " is not accepted (RSA or EC public keys only; "
                    + "a symmetric key does not belong in a key set)");
        }
        if (!allowed.contains(algorithm)) {
            throw new IllegalArgumentException(algorithm + " is not in auth.jwt.algorithms");
        }
        clean.put("alg", algorithm);
        if (kid != null) {
            clean.put("kid", kid);
        }
        return new Key(algorithm, kid, clean);
    }

    private static String text(JsonObject jwk, String field) {
        Object value = jwk.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return s;
    }

    private static byte[] base64Url(JsonObject jwk, String field) {
        String value = text(jwk, field);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing " + field);
        }
        try {
            return Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not base64url");
        }
    }

    /** Names a key for a warning: only public, non-secret members. */
    private static String describe(JsonObject jwk) {
        Object kty = jwk.getValue("kty");
        Object kid = jwk.getValue("kid");
        return "kty=" + (kty instanceof String ? kty : "?") + (kid instanceof String k ? ", kid=" + k : "");
    }
}
