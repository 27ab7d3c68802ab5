package io.tradewire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.tradewire.model.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ClusterConfigTest {
    private static final String SECRET = "a-shared-cluster-secret-of-at-least-32-bytes";

    private static JsonObject load(Map<String, String> sets) throws Exception {
        return ConfigLoader.loadNow(null, Map.of(), sets);
    }

    private static ClusterConfig cluster(Map<String, String> sets) throws Exception {
        return ClusterConfig.from(load(sets), "this-host");
    }

    @Test
    @DisplayName("The defaults: not clustered, the host name as node name, 127.0.0.1:5701, any event-bus port, 1 s / 5 s heartbeats")
    void defaults() throws Exception {
        ClusterConfig config = cluster(Map.of());
        assertThat(config.enabled()).isFalse();
        assertThat(config.nodeName()).isEqualTo("this-host");
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(5701);
        assertThat(config.members()).isEmpty();
        assertThat(config.eventBusPort()).isZero();
        assertThat(config.name()).isEqualTo("tradewire");
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.maxNoHeartbeat()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("run's cluster options set the cluster.* keys, and the environment reaches them too")
    void optionsAndEnvironment() throws Exception {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs("--cluster", "--node-name", "core-2", "--cluster-host", "localhost", "--cluster-port", "5802",
                "--cluster-members", "127.0.0.1:5801,127.0.0.1:5802", "--http-port", "8082", "--verticles", "matching,notifier");
        JsonObject config = ConfigLoader.loadNow(null, Map.of("TRADEWIRE_CLUSTER_NAME", "desk-a"), run.overrides());
        ClusterConfig cluster = ClusterConfig.from(config, "unused");
        assertThat(cluster.enabled()).isTrue();
        assertThat(cluster.nodeName()).isEqualTo("core-2");
        assertThat(cluster.host()).isEqualTo("localhost");
        assertThat(cluster.port()).isEqualTo(5802);
        assertThat(cluster.members()).containsExactly(new ClusterConfig.Member("127.0.0.1", 5801), new ClusterConfig.Member("127.0.0.1", 5802));
        assertThat(cluster.name()).isEqualTo("desk-a");
        assertThat(cluster.resolvedHost().isLoopbackAddress()).isTrue();
    }

    @Test
    @DisplayName("Invalid values fail with the key named: port ranges, wildcards, bad ports, names, heartbeats")
    void invalidValues() {
        assertThatThrownBy(() -> cluster(Map.of("cluster.members", "127.0.0.1:5701-5703")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'cluster.members'").hasMessageContaining("port ranges");
        assertThatThrownBy(() -> cluster(Map.of("cluster.members", "10.0.0.*:5701")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'cluster.members'");
        assertThatThrownBy(() -> cluster(Map.of("cluster.members", "127.0.0.1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected host:port");
        assertThatThrownBy(() -> cluster(Map.of("cluster.members", "127.0.0.1:70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> cluster(Map.of("cluster.port", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'cluster.port'");
        assertThatThrownBy(() -> cluster(Map.of("cluster.node-name", "no spaces")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'cluster.node-name'");
        assertThatThrownBy(() -> cluster(Map.of("cluster.host", "bad host!")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'cluster.host'");
        assertThatThrownBy(() -> cluster(Map.of("cluster.heartbeat-interval", "1500ms")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'cluster.heartbeat-interval'").hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> cluster(Map.of("cluster.heartbeat-interval", "3s", "cluster.max-no-heartbeat", "5s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'cluster.max-no-heartbeat'");
        assertThatThrownBy(() -> cluster(Map.of("cluster.enabled", "true", "cluster.event-bus-port", "5701")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'cluster.event-bus-port'");
        assertThatThrownBy(() -> cluster(Map.of("cluster.enabled", "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.enabled");
    }

    @Test
    @DisplayName("The Hazelcast configuration: TCP/IP join with the members only, bound to the cluster host, fast join, heartbeat knobs, "
            + "the node's name and parts as attributes, the __vertx maps kept")
    void hazelcastConfiguration() throws Exception {
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("cluster.enabled", "true");
        sets.put("cluster.node-name", "gw-1");
        sets.put("cluster.port", "5811");
        sets.put("cluster.members", "127.0.0.1:5811,127.0.0.1:5812");
        sets.put("cluster.name", "desk-b");
        sets.put("cluster.heartbeat-interval", "2s");
        sets.put("cluster.max-no-heartbeat", "8s");
        Config config = ClusterNode.hazelcastConfig(cluster(sets), "127.0.0.1", List.of("gateway", "algo"));

        assertThat(config.getClusterName()).isEqualTo("desk-b");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5811);
        assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
        assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5811", "127.0.0.1:5812");
        assertThat(join.getTcpIpConfig().getConnectionTimeoutSeconds()).isEqualTo(1);
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("0");
        assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("2");
        assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("8");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
        assertThat(config.getMemberAttributeConfig().getAttribute(HazelcastClusterView.NAME_ATTRIBUTE)).isEqualTo("gw-1");
        assertThat(config.getMemberAttributeConfig().getAttribute(HazelcastClusterView.PARTS_ATTRIBUTE)).isEqualTo("gateway,algo");
        assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
        assertThat(config.getMapConfigs()).containsKeys("__vertx.haInfo", "__vertx.nodeInfo");
    }

    @Test
    @DisplayName("A clustered node needs a configured JWT secret in the demo profile too; one alone keeps the generated demo key")
    void clusteredNodesShareTheSigningKey() throws Exception {
        assertThatThrownBy(() -> RunCommand.requireSharedSigningKey(load(Map.of("cluster.enabled", "true"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'auth.jwt.secret'")
                .hasMessageContaining("TRADEWIRE_AUTH_JWT_SECRET");
        RunCommand.requireSharedSigningKey(load(Map.of("cluster.enabled", "true", "auth.jwt.secret", SECRET)));
        // A key set that only verifies RS256 / ES256 tokens of an identity provider is the same on every node.
        RunCommand.requireSharedSigningKey(load(Map.of("cluster.enabled", "true", "auth.jwt.algorithms", "RS256",
                "auth.jwt.jwks-url", "https://idp.example.com/jwks.json")));
    }
}
