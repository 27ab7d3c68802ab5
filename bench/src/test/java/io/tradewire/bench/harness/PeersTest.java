package io.tradewire.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeersTest {

    @Test
    @DisplayName("a peer counts as installed when npm ci's marker is not older than the lock file")
    void installed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("package-lock.json"), "{}");
        assertThat(Peers.installed(dir)).isFalse();
        Path marker = dir.resolve("node_modules").resolve(".package-lock.json");
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "{}");
        Files.setLastModifiedTime(dir.resolve("package-lock.json"), FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
        Files.setLastModifiedTime(marker, FileTime.from(Instant.parse("2025-01-02T00:00:00Z")));
        assertThat(Peers.installed(dir)).isTrue();
        Files.setLastModifiedTime(dir.resolve("package-lock.json"), FileTime.from(Instant.parse("2025-01-03T00:00:00Z")));
        assertThat(Peers.installed(dir)).as("lock file changed since").isFalse();
    }

    @Test
    @DisplayName("a text table aligns its columns")
    void table() {
        Table table = new Table("target", "msgs/s");
        table.add("tradewire", "1,000");
        table.add("ws", "20");
        assertThat(table.render()).isEqualTo("target     msgs/s\ntradewire   1,000\nws             20\n");
    }
}
