package io.tradewire.matching.replication;

import java.util.List;

/**
 * Whether a leader may still take commands. A leader answers queries from its own state without a log entry; a leader
 * that was deposed without knowing it (paused, cut off) would answer from a stale state, and append proposals to its log
 * that can never commit. It holds the lease while it
 * has heard from a majority (itself included) within a fraction of the shortest election timeout: no follower that
 * answered it that recently can have voted for another leader yet, since a follower waits at least that timeout after
 * its leader's last message before an election.
 */
public final class ReadLease {
    /** The share of the shortest election timeout a lease lasts (a margin for the time a response travelled). */
    public static final double RATIO = 0.9;

    private ReadLease() {
    }

    /**
     * @param followerResponseAges milliseconds since the last response of each follower, as the leader measured them
     * @param majority             replicas that make a majority of the group
     * @param electionTimeoutMillis the shortest election timeout
     */
    public static boolean held(List<Long> followerResponseAges, int majority, long electionTimeoutMillis) {
        long lease = (long) (electionTimeoutMillis * RATIO);
        long recent = followerResponseAges.stream().filter(age -> age >= 0 && age < lease).count();
        return 1 + recent >= majority;
    }
}
