package io.tradewire.matching.replication;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/**
 * The health entry of one replica ({@code matching.<venue>} in {@code /health}): what it is configured with, its Raft
 * role and indexes, and the venue's state hash with the applied index it belongs to. The hash encodes the whole state,
 * so it is recomputed at most every {@link #HASH_INTERVAL_NANOS} (or at once when asked). Venue thread only.
 */
final class ReplicaHealth {
    static final long HASH_INTERVAL_NANOS = 1_000_000_000L;

    private final JsonObject fixed;
    private String stateHash;
    private long stateHashIndex = -1;
    private long stateHashAt;

    ReplicaHealth(String venueName, ReplicationConfig config, Path dir) {
        this.fixed = new JsonObject().put("venue", venueName).put("replication", new JsonObject()
                .put("self", config.self())
                .put("peers", new JsonArray(config.peers().stream().map(p -> p.name() + "=" + p.address(config.portOffset())).toList()))
                .put("preferredLeader", config.preferredLeader())
                .put("majority", config.majority())
                .put("dir", dir.toString()));
    }

    /** The peers as {@code name=host:port}, as this replica reaches them. */
    JsonArray peers() {
        return fixed.getJsonObject("replication").getJsonArray("peers");
    }

    /** Before the Raft server runs. */
    JsonObject starting() {
        return fixed.copy();
    }

    /**
     * @param servingSince when this replica started serving as the leader (epoch millis), 0 when it does not serve
     * @param hashNow      recompute the state hash now if the applied index moved (else at most once per interval)
     * @param down         why the venue stopped executing its log, or null
     */
    JsonObject current(RaftServer.Division division, VenueStateMachine stateMachine, long servingSince, String down,
            boolean hashNow) {
        boolean serving = servingSince > 0;
        long applied = stateMachine.appliedIndex();
        long nanos = System.nanoTime();
        if (applied != stateHashIndex && (hashNow || stateHash == null || nanos - stateHashAt >= HASH_INTERVAL_NANOS)
                && stateMachine.failure() == null) {
            stateHash = stateMachine.venue().stateHash();
            stateHashIndex = applied;
            stateHashAt = nanos;
        }
        DivisionInfo info = division.getInfo();
        RaftPeerId leader = info.getLeaderId();
        JsonObject health = fixed.copy()
                .put("instruments", new JsonArray(stateMachine.venue().instruments()))
                .put("role", info.getCurrentRole().name().toLowerCase(Locale.ROOT))
                .put("serving", serving)
                .put("servingSince", serving ? servingSince : null)
                .put("term", info.getCurrentTerm())
                .put("leader", leader == null ? null : leader.toString())
                .put("appliedIndex", applied)
                .put("commitIndex", division.getRaftLog().getLastCommittedIndex())
                .put("stateHash", stateHash)
                .put("stateHashIndex", stateHashIndex);
        if (down != null) {
            health.put("reason", down);
        }
        return health;
    }
}
