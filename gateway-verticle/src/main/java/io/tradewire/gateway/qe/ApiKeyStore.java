package io.tradewire.gateway.qe;

import io.tradewire.model.StreamKeys;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The QE API keys of a data directory: {@code qe-api-keys.json} lists each key with its user and its secret
 * encrypted with AES-256-GCM (a fresh 12-byte nonce per secret; the API key and user id are the associated data, so
 * an entry cannot be moved to another key or user), under a 256-bit key kept in {@code qe-api-keys.key} (generated
 * on first use, owner-only permissions). The key file is separate from the JWT signing secret on purpose: that
 * secret may be absent (JWKS-only deployments) and rotating it must not void every API key; a copy of the store
 * alone (a backup, a log of a support case) reveals no secret.
 *
 * <p>The CLI ({@code tradewire api-key}) writes the file (atomically, under a lock file shared by processes); a
 * running gateway re-reads it whenever it changed, so a new or revoked key counts at once. Blocking file I/O:
 * call from a worker thread.
 */
public final class ApiKeyStore {
    static final String STORE_FILE = "qe-api-keys.json";
    static final String KEY_FILE = "qe-api-keys.key";
    static final String LOCK_FILE = "qe-api-keys.lock";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key's public part: who owns it and since when (never the secret). */
    public record Listed(String apiKey, String userId, long createdAt) {
    }

    /** What the CLI prints once: the key and its secret. */
    public record Created(String apiKey, String apiSecret, String userId) {
    }

    /** What a signed request is checked with. */
    public record Credential(String userId, String secret) {
    }

    private final Path dir;
    private Map<String, Credential> cache = Map.of();
    private List<Listed> listed = List.of();
    private Object loadedVersion;

    private ApiKeyStore(Path dir) {
        this.dir = dir;
    }

    public static ApiKeyStore at(Path dataDir) {
        return new ApiKeyStore(dataDir);
    }

    /**
     * The directory that holds the store: {@code gateway.qe.api-key-dir}, or the data dir when it is empty. Several
     * gateways of a cluster point it at one shared directory (a shared volume) so that a key created once signs
     * requests on every gateway; the CLI reads the same key.
     */
    public static Path dirOf(JsonObject root) {
        String dir = ConfigReader.of(root, "gateway.qe").string("api-key-dir", "").trim();
        return Path.of(dir.isEmpty() ? ConfigReader.of(root, "").string("data-dir", "data") : dir);
    }

    /** The credential of an API key, re-reading the store first when it changed on disk. */
    public synchronized Optional<Credential> find(String apiKey) {
        refresh();
        return Optional.ofNullable(cache.get(apiKey));
    }

    public synchronized List<Listed> list() {
        refresh();
        return listed;
    }

    /** Creates a key for a user. */
    public Created create(String userId) {
        if (!StreamKeys.isValidSegment(userId)) {
            throw new IllegalArgumentException("user id must match " + StreamKeys.SEGMENT);
        }
        String apiKey = HexFormat.of().formatHex(random(20));
        String secret = HexFormat.of().formatHex(random(32));
        return locked(() -> {
            JsonObject store = readStore();
            byte[] key = keyOrCreate();
            store.getJsonArray("keys").add(new JsonObject().put("apiKey", apiKey).put("userId", userId)
                    .put("createdAt", System.currentTimeMillis()).put("secret", encrypt(key, apiKey, userId, secret)));
            writeStore(store);
            return new Created(apiKey, secret, userId);
        });
    }

    /** Revokes a key; false when there is no such key. */
    public boolean revoke(String apiKey) {
        return locked(() -> {
            JsonObject store = readStore();
            JsonArray kept = new JsonArray();
            store.getJsonArray("keys").stream().map(JsonObject.class::cast)
                    .filter(entry -> !apiKey.equals(entry.getString("apiKey"))).forEach(kept::add);
            boolean removed = kept.size() < store.getJsonArray("keys").size();
            if (removed) {
                writeStore(store.put("keys", kept));
            }
            return removed;
        });
    }

    // ------------------------------------------------------------------ reading

    private void refresh() {
        Path file = dir.resolve(STORE_FILE);
        Object version = versionOf(file);
        if (version != null && version.equals(loadedVersion)) {
            return;
        }
        if (version == null) {
            cache = Map.of();
            listed = List.of();
            loadedVersion = null;
            return;
        }
        JsonObject store = readStore();
        Map<String, Credential> credentials = new HashMap<>();
        List<Listed> entries = new ArrayList<>();
        byte[] key = store.getJsonArray("keys").isEmpty() ? null : readKey();
        for (Object item : store.getJsonArray("keys")) {
            JsonObject entry = (JsonObject) item;
            String apiKey = entry.getString("apiKey");
            String user = entry.getString("userId");
            credentials.put(apiKey, new Credential(user, decrypt(key, apiKey, user, entry.getString("secret"))));
            entries.add(new Listed(apiKey, user, entry.getLong("createdAt", 0L)));
        }
        cache = Map.copyOf(credentials);
        listed = List.copyOf(entries);
        loadedVersion = version;
    }

    /** Modification time, size and file key of the store: a change of any means it was rewritten. */
    private static Object versionOf(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(attributes.lastModifiedTime().toMillis(), attributes.size(), String.valueOf(attributes.fileKey()));
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonObject readStore() {
        Path file = dir.resolve(STORE_FILE);
        try {
            if (!Files.exists(file)) {
                return new JsonObject().put("version", 1).put("keys", new JsonArray());
            }
            JsonObject store = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
            if (store.getInteger("version", 0) != 1 || store.getJsonArray("keys") == null) {
                throw new IllegalStateException(file + " is not a version 1 API key store");
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private byte[] readKey() {
        Path file = dir.resolve(KEY_FILE);
        try {
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (key.length != 32) {
                throw new IllegalStateException(file + " does not hold a 256-bit key");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API key store's key " + file, e);
        }
    }

    // ------------------------------------------------------------------ writing

    private interface Locked<T> {
        T run() throws IOException;
    }

    private <T> T locked(Locked<T> action) {
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                synchronized (this) {
                    T result = action.run();
                    loadedVersion = null; // re-read on the next lookup
                    return result;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the API key store in " + dir, e);
        }
    }

    private byte[] keyOrCreate() throws IOException {
        Path file = dir.resolve(KEY_FILE);
        if (Files.exists(file)) {
            return readKey();
        }
        byte[] key = random(32);
        writeOwnerOnly(file, Base64.getEncoder().encodeToString(key));
        return key;
    }

    private void writeStore(JsonObject store) throws IOException {
        writeOwnerOnly(dir.resolve(STORE_FILE), store.encodePrettily());
    }

    private void writeOwnerOnly(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    // ------------------------------------------------------------------ crypto

    private static String encrypt(byte[] key, String apiKey, String userId, String secret) {
        try {
            byte[] nonce = random(NONCE_BYTES);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associated(apiKey, userId));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static String decrypt(byte[] key, String apiKey, String userId, String sealed) {
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(associated(apiKey, userId));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the secret of API key " + apiKey.substring(0, Math.min(8, apiKey.length()))
                    + "… does not decrypt with " + KEY_FILE + " (wrong key file, or the store was altered)");
        }
    }

    private static byte[] associated(String apiKey, String userId) {
        return (apiKey + "\n" + userId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }
}
