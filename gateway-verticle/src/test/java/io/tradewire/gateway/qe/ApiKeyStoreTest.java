package io.tradewire.gateway.qe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyStoreTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("A created key is found with its user and secret; the file on disk holds no secret in clear, owner-only")
    void createAndFind() throws Exception {
        ApiKeyStore store = ApiKeyStore.at(dir);
        ApiKeyStore.Created created = store.create("alice");
        assertThat(created.apiKey()).matches("[0-9a-f]{40}");
        assertThat(created.apiSecret()).matches("[0-9a-f]{64}");
        assertThat(store.find(created.apiKey())).contains(new ApiKeyStore.Credential("alice", created.apiSecret()));
        assertThat(store.find("nope")).isEmpty();
        String onDisk = Files.readString(dir.resolve(ApiKeyStore.STORE_FILE), StandardCharsets.UTF_8);
        assertThat(onDisk).contains(created.apiKey()).doesNotContain(created.apiSecret());
        assertThat(Files.getPosixFilePermissions(dir.resolve(ApiKeyStore.KEY_FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(dir.resolve(ApiKeyStore.STORE_FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    @DisplayName("Another process's store (the CLI) writes; a running one sees the new key and the revocation at once")
    void seesChangesAtOnce() {
        ApiKeyStore gateway = ApiKeyStore.at(dir);
        ApiKeyStore cli = ApiKeyStore.at(dir);
        assertThat(gateway.list()).isEmpty();
        ApiKeyStore.Created first = cli.create("alice");
        assertThat(gateway.find(first.apiKey())).isPresent();
        ApiKeyStore.Created second = cli.create("bob");
        assertThat(gateway.find(second.apiKey())).map(ApiKeyStore.Credential::userId).contains("bob");
        assertThat(gateway.list()).extracting(ApiKeyStore.Listed::userId).containsExactly("alice", "bob");
        assertThat(cli.revoke(first.apiKey())).isTrue();
        assertThat(cli.revoke(first.apiKey())).isFalse();
        assertThat(gateway.find(first.apiKey())).isEmpty();
        assertThat(gateway.find(second.apiKey())).isPresent();
    }

    @Test
    @DisplayName("An entry moved to another user does not decrypt, nor does any entry with another key file")
    void tamperingIsDetected() throws Exception {
        ApiKeyStore.Created created = ApiKeyStore.at(dir).create("alice");
        Path file = dir.resolve(ApiKeyStore.STORE_FILE);
        JsonObject store = new JsonObject(Files.readString(file));
        store.getJsonArray("keys").getJsonObject(0).put("userId", "mallory");
        Files.writeString(file, store.encode());
        assertThatThrownBy(() -> ApiKeyStore.at(dir).find(created.apiKey())).hasMessageContaining("does not decrypt");
    }

    @Test
    @DisplayName("User ids are stream-key segments")
    void userIds() {
        assertThatThrownBy(() -> ApiKeyStore.at(dir).create("a.b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyStore.at(dir).create("")).isInstanceOf(IllegalArgumentException.class);
    }
}
