package io.tradewire.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 tokens for servers running in other processes (which share only the key with the test): {@code sub} the user,
 * {@code iss} and {@code aud} the defaults ({@code tradewire}), two hours of validity.
 */
final class Hs256Tokens {
    private static final Duration VALIDITY = Duration.ofHours(2);

    private Hs256Tokens() {
    }

    /** One token signed with {@code secret} for {@code user}. */
    static String token(String secret, String user) throws GeneralSecurityException {
        Instant now = Instant.now();
        JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT");
        JsonObject claims = new JsonObject().put("sub", user).put("iss", "tradewire").put("aud", new JsonArray().add("tradewire"))
                .put("iat", now.getEpochSecond()).put("exp", now.plus(VALIDITY).getEpochSecond());
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code dir/tokens.json}: {@code {user: token}} for each user, as the Python clients read it. */
    static Path file(Path dir, String secret, List<String> users) throws IOException, GeneralSecurityException {
        JsonObject tokens = new JsonObject();
        for (String user : users) {
            tokens.put(user, token(secret, user));
        }
        Path file = dir.resolve("tokens.json");
        Files.writeString(file, tokens.encode());
        return file;
    }
}
