package io.tradewire.matching.replication;

import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code matching.replication} section, plus {@code cluster.node-name} and {@code cluster.host}, for one venue.
 * Present only when {@code matching.replication.peers} lists replicas: then the venue's command log is a Raft group
 * of those replicas instead of the single-node journal.
 *
 * @param peers            every replica of the venue, this node included (at least one)
 * @param self             this node's peer name ({@code cluster.node-name}), one of {@code peers}
 * @param bindHost         the address this node's Raft server listens on ({@code cluster.host})
 * @param preferredLeader  the replica that leads the venue whenever it is up and caught up, or null (any replica)
 * @param portOffset       added to every peer's port: the venue at index {@code i} of {@code matching.venues} uses
 *                         offset {@code i}, so several venues of one node listen on consecutive ports
 * @param electionTimeout  the shortest election timeout; the longest is twice it. A follower that hears nothing from
 *                         its leader for that long starts an election; a leader that hears from no majority for the
 *                         longest one steps down
 * @param requestTimeout   how long a command may wait for its commit before it is answered 503 (outcome unknown)
 * @param snapshotThreshold log entries applied between two snapshots (Ratis' auto trigger)
 * @param segmentBytes     the largest Raft log segment; closed segments below the newest snapshot are purged
 */
public record ReplicationConfig(
        List<Peer> peers,
        String self,
        String bindHost,
        String preferredLeader,
        int portOffset,
        Duration electionTimeout,
        Duration requestTimeout,
        long snapshotThreshold,
        long segmentBytes) {

    /** One replica: its Raft peer id ({@code cluster.node-name} of that node) and the address of its Raft server. */
    public record Peer(String name, String host, int port) {
        public String address(int offset) {
            return host + ":" + (port + offset);
        }
    }

    public static final String SECTION = "replication";
    public static final String CLUSTER_SECTION = "cluster";
    public static final String DEFAULT_BIND_HOST = "127.0.0.1";
    public static final Duration DEFAULT_ELECTION_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration MIN_ELECTION_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_ELECTION_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration MIN_REQUEST_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_REQUEST_TIMEOUT = Duration.ofMinutes(1);
    public static final long DEFAULT_SNAPSHOT_THRESHOLD = 100_000;
    public static final long MIN_SNAPSHOT_THRESHOLD = 10;
    public static final long MAX_SNAPSHOT_THRESHOLD = 100_000_000;
    public static final long DEFAULT_SEGMENT_BYTES = 8L * 1024 * 1024;
    public static final long MIN_SEGMENT_BYTES = 16L * 1024;
    public static final long MAX_SEGMENT_BYTES = 1024L * 1024 * 1024;
    /** Replicas needed to survive the loss of one: a majority of 3 is 2. */
    public static final int FAILOVER_REPLICAS = 3;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /**
     * Reads the section; null when {@code peers} is empty (no replication: the single-node journal).
     *
     * @param section the {@code matching.replication} reader (its keys are checked by the caller's {@code warnUnknown})
     * @param root    the root configuration ({@code cluster.node-name}, {@code cluster.host})
     * @param venue   the venue this configuration is for (a per-venue {@code preferred-leader} map is looked up by it)
     */
    public static ReplicationConfig from(ConfigReader section, JsonObject root, String venue) {
        List<String> items = section.stringList("peers", List.of());
        Object preferredRaw = section.copyOfValues().getValue("preferred-leader");
        String preferred = preferredLeader(section, preferredRaw, venue);
        int portOffset = section.integer("port-offset", 0, 0, 1000);
        Duration election = section.duration("election-timeout", DEFAULT_ELECTION_TIMEOUT, MIN_ELECTION_TIMEOUT,
                MAX_ELECTION_TIMEOUT);
        Duration request = section.duration("request-timeout", DEFAULT_REQUEST_TIMEOUT, MIN_REQUEST_TIMEOUT, MAX_REQUEST_TIMEOUT);
        long threshold = section.longValue("snapshot-threshold", DEFAULT_SNAPSHOT_THRESHOLD, MIN_SNAPSHOT_THRESHOLD,
                MAX_SNAPSHOT_THRESHOLD);
        long segment = section.longValue("segment-bytes", DEFAULT_SEGMENT_BYTES, MIN_SEGMENT_BYTES, MAX_SEGMENT_BYTES);
        if (items.isEmpty()) {
            return null;
        }
        List<Peer> peers = peers(section, items, portOffset);
        ConfigReader cluster = ConfigReader.of(root, CLUSTER_SECTION);
        String self = cluster.string("node-name", null);
        if (self == null || self.isBlank()) {
            self = hostname();
        }
        String me = self;
        if (peers.stream().noneMatch(p -> p.name().equals(me))) {
            throw new ConfigException(section.key("peers"), "does not list this node: cluster.node-name is '" + self
                    + "' (each replica's peer name is its cluster.node-name), peers are "
                    + peers.stream().map(Peer::name).toList());
        }
        if (preferred != null && peers.stream().noneMatch(p -> p.name().equals(preferred))) {
            throw new ConfigException(section.key("preferred-leader"), "'" + preferred + "' is not one of the peers "
                    + peers.stream().map(Peer::name).toList());
        }
        String bindHost = cluster.string("host", DEFAULT_BIND_HOST);
        if (bindHost.isBlank()) {
            throw new ConfigException("cluster.host", "must name an address to listen on");
        }
        return new ReplicationConfig(peers, self, bindHost, preferred, portOffset, election, request, threshold, segment);
    }

    private static String preferredLeader(ConfigReader section, Object raw, String venue) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof JsonObject || raw.toString().contains("=")) {
            Map<String, String> byVenue = section.stringMap("preferred-leader");
            return byVenue.get(venue);
        }
        String name = section.string("preferred-leader", null).trim();
        return name.isEmpty() ? null : name;
    }

    private static List<Peer> peers(ConfigReader section, List<String> items, int portOffset) {
        List<Peer> peers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            int colon = item.lastIndexOf(':');
            if (eq <= 0 || colon <= eq + 1 || colon == item.length() - 1) {
                throw new ConfigException(section.key("peers"), "expected name=host:port items, got '" + item + "'");
            }
            String name = item.substring(0, eq).trim();
            String host = item.substring(eq + 1, colon).trim();
            int port;
            try {
                port = Integer.parseInt(item.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(section.key("peers"), "port of '" + item + "' is not a number");
            }
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException(section.key("peers"), "peer name '" + name + "' must match " + NAME.pattern());
            }
            if (port < 1 || port + portOffset > 65535) {
                throw new ConfigException(section.key("peers"), "port of '" + item + "' (plus port-offset " + portOffset
                        + ") must be between 1 and 65535");
            }
            if (!names.add(name)) {
                throw new ConfigException(section.key("peers"), "lists peer '" + name + "' twice");
            }
            if (!addresses.add(host + ":" + port)) {
                throw new ConfigException(section.key("peers"), "lists address " + host + ":" + port + " twice");
            }
            peers.add(new Peer(name, host, port));
        }
        return List.copyOf(peers);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "localhost" : env;
        }
    }

    public Peer selfPeer() {
        return peers.stream().filter(p -> p.name().equals(self)).findFirst().orElseThrow();
    }

    /** The port this node's Raft server listens on for this venue. */
    public int bindPort() {
        return selfPeer().port() + portOffset;
    }

    /** Replicas that must hold a command before it is acknowledged. */
    public int majority() {
        return peers.size() / 2 + 1;
    }

    /** Replicas that may be lost while the venue keeps serving. */
    public int tolerated() {
        return peers.size() - majority();
    }
}
