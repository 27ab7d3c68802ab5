package io.tradewire.matching.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.matching.replication.ReplicationConfig.Peer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VenueRaftGroupTest {
    private static ReplicationConfig config(String preferred, int offset) {
        return new ReplicationConfig(List.of(new Peer("n1", "h1", 6000), new Peer("n2", "h2", 6000), new Peer("n3", "h3", 6000)), "n2",
                "127.0.0.1", preferred, offset, Duration.ofSeconds(1), Duration.ofSeconds(3), 1000, 1 << 20);
    }

    @Test
    @DisplayName("A venue's group id depends on its name only; every peer is in the group, the preferred leader with priority")
    void group() {
        assertThat(VenueRaftGroup.groupId("alpha")).isEqualTo(VenueRaftGroup.groupId("alpha"));
        assertThat(VenueRaftGroup.groupId("alpha")).isNotEqualTo(VenueRaftGroup.groupId("beta"));

        RaftGroup group = VenueRaftGroup.group("alpha", config("n3", 1));

        assertThat(group.getGroupId()).isEqualTo(VenueRaftGroup.groupId("alpha"));
        assertThat(group.getPeers()).extracting(p -> p.getId().toString(), RaftPeer::getAddress, RaftPeer::getPriority)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("n1", "h1:6001", 0),
                        org.assertj.core.groups.Tuple.tuple("n2", "h2:6001", 0),
                        org.assertj.core.groups.Tuple.tuple("n3", "h3:6001", VenueRaftGroup.PREFERRED_PRIORITY));
    }

    @Test
    @DisplayName("Ratis settings: fsync before a write counts, election timeouts from the configuration, snapshots and purge")
    void properties() {
        RaftProperties properties = VenueRaftGroup.properties(config(null, 0), Path.of("/data/raft/alpha"));

        assertThat(RaftServerConfigKeys.Log.unsafeFlushEnabled(properties)).isFalse();
        assertThat(RaftServerConfigKeys.Log.asyncFlushEnabled(properties)).isFalse();
        assertThat(RaftServerConfigKeys.Rpc.timeoutMin(properties, s -> { }).toLong(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(1000);
        assertThat(RaftServerConfigKeys.Rpc.timeoutMax(properties, s -> { }).toLong(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(2000);
        assertThat(RaftServerConfigKeys.Snapshot.autoTriggerEnabled(properties)).isTrue();
        assertThat(RaftServerConfigKeys.Snapshot.autoTriggerThreshold(properties)).isEqualTo(1000);
        assertThat(RaftServerConfigKeys.Log.purgeUptoSnapshotIndex(properties)).isTrue();
        assertThat(RaftServerConfigKeys.storageDir(properties)).containsExactly(Path.of("/data/raft/alpha").toFile());
    }
}
