package io.tradewire.matching.replication;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * The Raft group of one venue and the Ratis settings its replicas run with: pure functions of the configuration, the
 * same on every replica.
 */
public final class VenueRaftGroup {
    /** The preferred leader's priority; the others have 0 (Ratis hands leadership to the highest priority that is up). */
    static final int PREFERRED_PRIORITY = 1;

    private VenueRaftGroup() {
    }

    /** The group id of a venue: a name-based UUID of the venue name, so every replica derives the same one. */
    public static RaftGroupId groupId(String venue) {
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("tradewire.venue." + venue).getBytes(StandardCharsets.UTF_8)));
    }

    /** The venue's group: every configured replica, the preferred leader (if any) with a higher priority. */
    public static RaftGroup group(String venue, ReplicationConfig config) {
        List<RaftPeer> peers = config.peers().stream()
                .map(p -> RaftPeer.newBuilder().setId(RaftPeerId.valueOf(p.name())).setAddress(p.address(config.portOffset()))
                        .setPriority(p.name().equals(config.preferredLeader()) ? PREFERRED_PRIORITY : 0).build())
                .toList();
        return RaftGroup.valueOf(groupId(venue), peers);
    }

    /**
     * Ratis settings of a venue's server: gRPC on {@code cluster.host} and this peer's port, storage in {@code dir},
     * election timeouts from the configuration, every log write fsynced before it counts (Ratis' defaults, pinned here:
     * a follower acknowledges and a leader counts itself only once the entries are flushed and forced to disk), a
     * snapshot every {@code snapshot-threshold} entries (none at a stop: a restart replays the log after the newest
     * snapshot, as after a crash), and the log purged up to the newest snapshot.
     */
    public static RaftProperties properties(ReplicationConfig config, Path dir) {
        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setHost(properties, config.bindHost());
        GrpcConfigKeys.Server.setPort(properties, config.bindPort());
        RaftServerConfigKeys.setStorageDir(properties, List.of(dir.toFile()));

        long min = config.electionTimeout().toMillis();
        TimeDuration minTimeout = TimeDuration.valueOf(min, java.util.concurrent.TimeUnit.MILLISECONDS);
        TimeDuration maxTimeout = TimeDuration.valueOf(2 * min, java.util.concurrent.TimeUnit.MILLISECONDS);
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, minTimeout);
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, maxTimeout);
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(properties, minTimeout);
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(properties, maxTimeout);
        // A leader that hears from no majority for the longest election timeout steps down (and stops serving).
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(properties, maxTimeout);

        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(properties, false);
        RaftServerConfigKeys.Log.setAsyncFlushEnabled(properties, false);
        RaftServerConfigKeys.Log.StateMachineData.setSync(properties, true);
        RaftServerConfigKeys.Log.setSegmentSizeMax(properties, SizeInBytes.valueOf(config.segmentBytes()));
        RaftServerConfigKeys.Log.setPreallocatedSize(properties,
                SizeInBytes.valueOf(Math.min(config.segmentBytes(), RaftServerConfigKeys.Log.PREALLOCATED_SIZE_DEFAULT.getSize())));
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
        RaftServerConfigKeys.Log.setPurgeGap(properties, (int) Math.min(config.snapshotThreshold(), RaftServerConfigKeys.Log.PURGE_GAP_DEFAULT));

        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, config.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setCreationGap(properties, Math.min(config.snapshotThreshold(),
                RaftServerConfigKeys.Snapshot.CREATION_GAP_DEFAULT));
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, VenueStateMachine.KEEP_SNAPSHOTS);
        // A stop is no different from a crash: a restart always replays the log after the newest snapshot.
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(properties, false);
        return properties;
    }
}
