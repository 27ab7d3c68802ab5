package io.tradewire.launcher;

import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cluster mode of a node, read once from {@code cluster.*} (docs/CLUSTER.md). Invalid values fail start-up with the
 * key named.
 *
 * @param enabled           {@code cluster.enabled} ({@code --cluster}): join a Hazelcast cluster
 * @param nodeName          {@code cluster.node-name} ({@code --node-name}): unique in the cluster; default the host name
 * @param host              {@code cluster.host} ({@code --cluster-host}): address or host name Hazelcast and the event
 *                          bus bind to and announce
 * @param port              {@code cluster.port} ({@code --cluster-port}): Hazelcast's member port
 * @param members           {@code cluster.members} ({@code --cluster-members}): {@code host:port} of the members to join
 * @param eventBusPort      {@code cluster.event-bus-port}: the clustered event bus's TCP port (0: any free port)
 * @param name              {@code cluster.name}: Hazelcast's cluster name (nodes of another name never join this cluster)
 * @param heartbeatInterval {@code cluster.heartbeat-interval}: how often members heartbeat each other (whole seconds)
 * @param maxNoHeartbeat    {@code cluster.max-no-heartbeat}: a member silent this long is removed (whole seconds)
 */
public record ClusterConfig(boolean enabled, String nodeName, String host, int port, List<Member> members,
        int eventBusPort, String name, Duration heartbeatInterval, Duration maxNoHeartbeat) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5701;
    public static final int DEFAULT_EVENT_BUS_PORT = 0;
    public static final String DEFAULT_NAME = "tradewire";
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_NO_HEARTBEAT = Duration.ofSeconds(5);
    /** A node name: what /health shows and, for a venue replica, its Raft peer id. */
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

    /** One member to join: a host (address or name) and its Hazelcast port. */
    public record Member(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    public ClusterConfig {
        members = List.copyOf(members);
    }

    /** Reads {@code cluster.*}; {@code defaultNodeName} when {@code cluster.node-name} is empty (the host name). */
    public static ClusterConfig from(JsonObject root, String defaultNodeName) {
        ConfigReader cluster = ConfigReader.of(root, "cluster");
        boolean enabled = cluster.bool("enabled", false);
        String nodeName = cluster.string("node-name", "").trim();
        if (nodeName.isEmpty()) {
            nodeName = defaultNodeName;
        }
        if (!NODE_NAME.matcher(nodeName).matches()) {
            throw new ConfigException(cluster.key("node-name"), "expected 1 to 63 letters, digits, '.', '_' or '-' "
                    + "(starting with a letter or digit), got '" + nodeName + "'");
        }
        String host = cluster.string("host", DEFAULT_HOST).trim();
        if (!HOST.matcher(host).matches()) {
            throw new ConfigException(cluster.key("host"), "expected an address or host name, got '" + host + "'");
        }
        int port = cluster.integer("port", DEFAULT_PORT, 1, 65_535);
        List<Member> members = new ArrayList<>();
        for (String item : cluster.stringList("members", List.of())) {
            members.add(member(cluster.key("members"), item));
        }
        int eventBusPort = cluster.integer("event-bus-port", DEFAULT_EVENT_BUS_PORT, 0, 65_535);
        if (enabled && eventBusPort != 0 && eventBusPort == port) {
            throw new ConfigException(cluster.key("event-bus-port"), "must differ from cluster.port (" + port + ")");
        }
        String name = cluster.string("name", DEFAULT_NAME).trim();
        if (!CLUSTER_NAME.matcher(name).matches()) {
            throw new ConfigException(cluster.key("name"), "expected letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        Duration heartbeat = wholeSeconds(cluster, "heartbeat-interval",
                cluster.duration("heartbeat-interval", DEFAULT_HEARTBEAT_INTERVAL, Duration.ofSeconds(1), Duration.ofMinutes(1)));
        Duration maxNoHeartbeat = wholeSeconds(cluster, "max-no-heartbeat",
                cluster.duration("max-no-heartbeat", DEFAULT_MAX_NO_HEARTBEAT, Duration.ofSeconds(2), Duration.ofMinutes(10)));
        if (maxNoHeartbeat.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new ConfigException(cluster.key("max-no-heartbeat"), "must be at least twice cluster.heartbeat-interval ("
                    + heartbeat + "), got " + maxNoHeartbeat);
        }
        return new ClusterConfig(enabled, nodeName, host, port, members, eventBusPort, name, heartbeat, maxNoHeartbeat);
    }

    /**
     * The local host's name, the default node name (blocking: start-up only). The same default the venue's replication
     * takes for its Raft peer id when {@code cluster.node-name} is empty, so that both name the node alike.
     */
    public static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }

    /**
     * The address {@link #host} names, for Hazelcast's interface and the event bus (a compose service name resolves to
     * the container's address). Blocking DNS: start-up only.
     */
    public InetAddress resolvedHost() {
        try {
            return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new ConfigException("cluster.host", "cannot resolve '" + host + "': " + e.getMessage());
        }
    }

    /** {@code host:port}; a port range ({@code 5701-5703}) or wildcard is refused: Hazelcast would crash on it. */
    static Member member(String key, String text) {
        String item = text.trim();
        int colon = item.lastIndexOf(':');
        if (colon <= 0 || colon == item.length() - 1) {
            throw new ConfigException(key, "expected host:port, got '" + item + "'");
        }
        String host = item.substring(0, colon);
        String port = item.substring(colon + 1);
        if (port.contains("-") || host.contains("*") || port.contains("*")) {
            throw new ConfigException(key, "port ranges and wildcards are not supported, list every member as host:port, got '"
                    + item + "'");
        }
        if (!HOST.matcher(host).matches()) {
            throw new ConfigException(key, "expected host:port, got '" + item + "'");
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "expected host:port with a numeric port, got '" + item + "'");
        }
        if (number < 1 || number > 65_535) {
            throw new ConfigException(key, "port must be between 1 and 65535, got '" + item + "'");
        }
        return new Member(host, number);
    }

    private static Duration wholeSeconds(ConfigReader cluster, String key, Duration value) {
        if (value.toMillis() % 1_000 != 0) {
            throw new ConfigException(cluster.key(key), "must be whole seconds (Hazelcast counts in seconds), got " + value);
        }
        return value;
    }
}
