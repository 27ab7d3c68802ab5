package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The process harness of the cluster tests ({@link ClusterNodes}, {@link NodeProcess}) on one lone node: it serves,
 * SIGSTOP silences it and SIGCONT brings it back, SIGKILL ends it, and closing kills the process group.
 */
class ClusterHarnessIT {
    @Test
    @DisplayName("A node started with setsid serves /health; SIGSTOP silences it, SIGCONT revives it, kill -9 ends it, close leaves nothing running")
    void signalsReachTheNode() throws Exception {
        NodeProcess node;
        try (ClusterNodes cluster = ClusterNodes.builder("harness").notClustered().node("solo", "all").start()) {
            node = cluster.node("solo");
            node.awaitHealth(health -> "UP".equals(health.getString("status")), ClusterNodes.START_GUARD, "UP");
            assertThat(ProcessHandle.current().pid()).isNotEqualTo(node.pid());

            node.pause();
            assertThat(node.health()).as("a stopped JVM answers nothing").isNull();
            assertThat(node.alive()).isTrue();
            node.resume();
            node.awaitHealth(health -> "UP".equals(health.getString("status")), Duration.ofSeconds(30), "UP again after SIGCONT");

            node.kill9();
            assertThat(node.alive()).isFalse();
            assertThat(node.health()).isNull();
            assertThat(node.log()).contains("Tradewire is up").doesNotContain("Tradewire stopped").doesNotContain(ClusterNodes.SECRET);
            assertThat(node.dataDir().resolve("venues")).isDirectory();
        }
        assertThat(node.groupAlive()).as("the process group is gone after close").isFalse();
    }
}
