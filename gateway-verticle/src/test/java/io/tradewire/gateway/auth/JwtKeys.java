package io.tradewire.gateway.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys and tokens for JWT tests, made with the JDK alone (independently of vertx-auth-jwt): RSA 2048 and EC
 * P-256 key pairs, their public JWKs, and tokens signed RS256, ES256 (JOSE R||S signature) or HS256 with any
 * byte string as the HMAC key.
 */
public final class JwtKeys {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private JwtKeys() {
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK of an RSA or EC key pair ({@code kid} and {@code alg} added when not null). */
    public static JsonObject jwk(KeyPair pair, String kid, String alg) {
        JsonObject jwk;
        if (pair.getPublic() instanceof RSAPublicKey rsa) {
            jwk = new JsonObject().put("kty", "RSA").put("n", unsigned(rsa.getModulus())).put("e", unsigned(rsa.getPublicExponent()));
        } else {
            ECPublicKey ec = (ECPublicKey) pair.getPublic();
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            String crv = size == 32 ? "P-256" : size == 48 ? "P-384" : "P-521";
            jwk = new JsonObject().put("kty", "EC").put("crv", crv)
                    .put("x", B64.encodeToString(fixed(ec.getW().getAffineX(), size)))
                    .put("y", B64.encodeToString(fixed(ec.getW().getAffineY(), size)));
        }
        if (kid != null) {
            jwk.put("kid", kid);
        }
        if (alg != null) {
            jwk.put("alg", alg);
        }
        return jwk;
    }

    public static String jwks(JsonObject... keys) {
        return new JsonObject().put("keys", new JsonArray(Arrays.asList((Object[]) keys))).encode();
    }

    public static JsonObject header(String alg, String kid) {
        JsonObject header = new JsonObject().put("alg", alg).put("typ", "JWT");
        return kid == null ? header : header.put("kid", kid);
    }

    public static JsonObject claims(String user, long expiresInSeconds) {
        long now = Instant.now().getEpochSecond();
        return new JsonObject().put("sub", user).put("iss", "tradewire").put("aud", new JsonArray().add("tradewire"))
                .put("iat", now).put("exp", now + expiresInSeconds);
    }

    public static String rs256(JsonObject header, JsonObject claims, PrivateKey key) {
        return signed(header, claims, input -> sign("SHA256withRSA", key, input));
    }

    public static String es256(JsonObject header, JsonObject claims, PrivateKey key) {
        // JWS wants R||S (64 bytes), not DER: the JDK's P1363 format is exactly that.
        return signed(header, claims, input -> sign("SHA256withECDSAinP1363Format", key, input));
    }

    public static String hs256(JsonObject header, JsonObject claims, byte[] key) {
        return signed(header, claims, input -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(input);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The PEM text of a public key (what an HS/RS confusion attack uses as the HMAC secret). */
    public static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private interface Signer {
        byte[] sign(byte[] input);
    }

    private static String signed(JsonObject header, JsonObject claims, Signer signer) {
        String input = B64.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        return input + "." + B64.encodeToString(signer.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] sign(String algorithm, PrivateKey key, byte[] input) {
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(input);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return B64.encodeToString(bytes);
    }

    private static byte[] fixed(BigInteger value, int size) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[size];
        int copy = Math.min(bytes.length, size);
        System.arraycopy(bytes, bytes.length - copy, out, size - copy, copy);
        return out;
    }
}
