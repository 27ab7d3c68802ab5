package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Gateways scaled out, each node a JVM of its own ({@link ClusterNodes}): two gateway nodes and one core node (matching,
 * notifier, broker adapters, algo), clustered over Hazelcast on loopback, driven by Python websocket-client programs.
 */
class ClusterGatewayIT {
    private static final Duration CLIENT_GUARD = Duration.ofSeconds(120);
    /** Hazelcast's failure detection of a killed member is about a second (its sockets close); this is a hang guard. */
    private static final Duration MEMBER_GONE_GUARD = Duration.ofSeconds(30);

    private static ClusterNodes.Builder gatewaysAndCore(String run) {
        return ClusterNodes.builder(run)
                .node("gw-a", "gateway")
                .node("gw-b", "gateway")
                .node("core", "matching,notifier,broker,algo");
    }

    @Test
    @DisplayName("Two users on different gateways trade with each other: each gets the order status, trade and account pushes caused on the other gateway")
    void notificationsCrossGateways() throws Exception {
        try (ClusterNodes cluster = gatewaysAndCore("cross-gateway").set("matching.starting-balance", "1000000").start()) {
            cluster.awaitFormed();
            for (NodeProcess node : cluster.nodes()) {
                JsonObject health = node.health();
                assertThat(health.getJsonObject("cluster").getBoolean("clustered")).as("%s /health", node.name()).isTrue();
                assertThat(health.getJsonObject("cluster").getJsonObject("node").getString("name")).isEqualTo(node.name());
            }
            cluster.pythonToEnd("two-users.log", CLIENT_GUARD, "two_users.py",
                    "--url", cluster.node("gw-a").wsUrl(), "--url2", cluster.node("gw-b").wsUrl(),
                    "--token1", Hs256Tokens.token(ClusterNodes.SECRET, "user001"),
                    "--token2", Hs256Tokens.token(ClusterNodes.SECRET, "user002"));
        }
    }

    @Test
    @DisplayName("kill -9 of a gateway during a burst of fills: its client resumes on the other gateway with no gap and no duplicate")
    void gatewayKilledClientResumesElsewhere() throws Exception {
        try (ClusterNodes cluster = gatewaysAndCore("gateway-kill").start()) {
            cluster.awaitFormed();
            NodeProcess doomed = cluster.node("gw-a");
            cluster.pythonToEnd("resume.log", CLIENT_GUARD, "resume_burst.py",
                    "--url", cluster.node("gw-b").wsUrl(), "--listener-url", doomed.wsUrl(),
                    "--kill-pid", Long.toString(doomed.pid()), "--mode", "live",
                    "--token1", Hs256Tokens.token(ClusterNodes.SECRET, "user001"),
                    "--token2", Hs256Tokens.token(ClusterNodes.SECRET, "user002"));
            assertThat(doomed.alive()).as("the client killed the listener's gateway").isFalse();
            assertThat(doomed.log()).doesNotContain("Tradewire stopped");
            cluster.awaitMembers(List.of(cluster.node("gw-b"), cluster.node("core")), List.of("gw-b", "core"), MEMBER_GONE_GUARD);
        }
    }
}
