package io.tradewire.gateway.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the HS256 signing key: the configured secret, or in the demo profile a random key generated
 * once and kept in {@code <data-dir>/demo-jwt-secret}, so that {@code tradewire token} and a running
 * mesh with the same data dir agree; none (null) in the production profile without a secret, where only
 * JWKS keys verify. Blocking file I/O: call it off the event loop.
 */
public final class SigningKeys {
    static final String DEMO_KEY_FILE = "demo-jwt-secret";
    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    private SigningKeys() {
    }

    public static String resolve(AuthConfig config) {
        if (config.secret() != null) {
            return config.secret();
        }
        if (!config.demo()) {
            return null; // production with a JWKS only (AuthConfig refuses production without any key)
        }
        Path file = config.dataDir().resolve(DEMO_KEY_FILE);
        try {
            String key = readOrCreate(file);
            LOG.warn("*** DEMO PROFILE: tokens are signed with a generated demo key kept in {}. "
                    + "Do not expose this mesh: configure auth.jwt.secret and profile=production. ***", file.toAbsolutePath());
            return key;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the demo signing key " + file + ": " + e.getMessage(), e);
        }
    }

    private static String readOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), DEMO_KEY_FILE, ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
            Files.writeString(temp, key, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temp, file);
            return key;
        } catch (FileAlreadyExistsException e) {
            // another process created it first: use theirs
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
