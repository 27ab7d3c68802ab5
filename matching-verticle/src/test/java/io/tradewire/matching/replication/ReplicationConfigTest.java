package io.tradewire.matching.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.matching.MatchingConfig;
import io.tradewire.matching.replication.ReplicationConfig.Peer;
import io.tradewire.model.config.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ReplicationConfigTest {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationConfigTest.class);

    private static JsonObject root(String nodeName, JsonObject replication) {
        JsonObject root = new JsonObject().put("matching", new JsonObject().put("venue", "alpha").put("replication", replication));
        if (nodeName != null) {
            root.put("cluster", new JsonObject().put("node-name", nodeName).put("host", "10.0.0.1"));
        }
        return root;
    }

    private static JsonObject threePeers() {
        return new JsonObject().put("peers", new JsonArray().add("core1=10.0.0.1:6000").add("core2=10.0.0.2:6000").add("core3=10.0.0.3:6000"));
    }

    @Test
    @DisplayName("No peers: no replication, the venue keeps the single-node journal")
    void noPeersNoReplication() {
        MatchingConfig config = MatchingConfig.from(new JsonObject(), LOG);

        assertThat(config.replication()).isNull();
        assertThat(config.venues()).isEmpty();
    }

    @Test
    @DisplayName("Peers, this node's name and host, and the documented defaults")
    void peersAndDefaults() {
        MatchingConfig config = MatchingConfig.from(root("core2", threePeers()).put("data-dir", "/var/tw"), LOG);
        ReplicationConfig replication = config.replication();

        assertThat(replication.peers()).containsExactly(new Peer("core1", "10.0.0.1", 6000), new Peer("core2", "10.0.0.2", 6000),
                new Peer("core3", "10.0.0.3", 6000));
        assertThat(replication.self()).isEqualTo("core2");
        assertThat(replication.bindHost()).isEqualTo("10.0.0.1");
        assertThat(replication.bindPort()).isEqualTo(6000);
        assertThat(replication.preferredLeader()).isNull();
        assertThat(replication.electionTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(replication.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(replication.snapshotThreshold()).isEqualTo(100_000);
        assertThat(replication.segmentBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(replication.majority()).isEqualTo(2);
        assertThat(replication.tolerated()).isEqualTo(1);
        assertThat(config.raftDir()).isEqualTo(Path.of("/var/tw", "raft", "alpha"));
    }

    @Test
    @DisplayName("Peers as a comma-separated text (--set), knobs, a port offset and a preferred leader by venue")
    void knobs() {
        JsonObject replication = new JsonObject().put("peers", "a=h1:7000, b=h2:7000, c=h3:7000")
                .put("election-timeout", "500ms").put("request-timeout", "2s").put("snapshot-threshold", 50)
                .put("segment-bytes", 65536).put("port-offset", 2)
                .put("preferred-leader", new JsonObject().put("alpha", "b").put("beta", "c"));

        ReplicationConfig config = MatchingConfig.from(root("a", replication), LOG).replication();

        assertThat(config.peers()).extracting(Peer::name).containsExactly("a", "b", "c");
        assertThat(config.bindPort()).isEqualTo(7002);
        assertThat(config.peers().get(1).address(config.portOffset())).isEqualTo("h2:7002");
        assertThat(config.preferredLeader()).isEqualTo("b");
        assertThat(config.electionTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.snapshotThreshold()).isEqualTo(50);
        assertThat(config.segmentBytes()).isEqualTo(65536);
    }

    @Test
    @DisplayName("A preferred leader given as one name, or as venue=name items; a venue not listed has none")
    void preferredLeaderForms() {
        assertThat(MatchingConfig.from(root("core1", threePeers().put("preferred-leader", "core3")), LOG).replication()
                .preferredLeader()).isEqualTo("core3");
        assertThat(MatchingConfig.from(root("core1", threePeers().put("preferred-leader", "alpha=core2,beta=core3")), LOG)
                .replication().preferredLeader()).isEqualTo("core2");
        assertThat(MatchingConfig.from(root("core1", threePeers().put("preferred-leader", "beta=core3")), LOG).replication()
                .preferredLeader()).isNull();
    }

    @Test
    @DisplayName("Invalid replication settings fail the deployment and name their key")
    void invalid() {
        assertInvalid(root("core9", threePeers()), "does not list this node");
        assertInvalid(root("core1", threePeers().put("preferred-leader", "core7")), "matching.replication.preferred-leader");
        assertInvalid(root("a", new JsonObject().put("peers", "a=h1")), "expected name=host:port");
        assertInvalid(root("a", new JsonObject().put("peers", "a=h1:x")), "is not a number");
        assertInvalid(root("a", new JsonObject().put("peers", "a=h1:70000")), "between 1 and 65535");
        assertInvalid(root("a", new JsonObject().put("peers", "a=h1:1,a=h2:1")), "twice");
        assertInvalid(root("a", new JsonObject().put("peers", "a=h1:1,b=h1:1")), "twice");
        assertInvalid(root("a b", new JsonObject().put("peers", "a b=h1:1")), "must match");
        assertInvalid(root("core1", threePeers().put("election-timeout", "10ms")), "matching.replication.election-timeout");
        assertInvalid(root("core1", threePeers().put("segment-bytes", 10)), "matching.replication.segment-bytes");
    }

    @Test
    @DisplayName("matching.venues lists venue names, each at most once")
    void venues() {
        JsonObject root = new JsonObject().put("matching", new JsonObject().put("venues", new JsonArray().add("alpha").add("beta")));
        assertThat(MatchingConfig.from(root, LOG).venues()).containsExactly("alpha", "beta");

        assertThatThrownBy(() -> MatchingConfig.from(new JsonObject().put("matching", new JsonObject().put("venues", "alpha,alpha")),
                LOG)).isInstanceOf(ConfigException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> MatchingConfig.from(new JsonObject().put("matching", new JsonObject().put("venues", "al pha")), LOG))
                .isInstanceOf(ConfigException.class).hasMessageContaining("matching.venues");
    }

    private static void assertInvalid(JsonObject root, String message) {
        assertThatThrownBy(() -> MatchingConfig.from(root, LOG)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }
}
