package io.tradewire.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.tradewire.model.cluster.BusInterest;
import io.tradewire.model.cluster.ClusterView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a clustered node: Hazelcast joined over TCP/IP with the configured member list (no multicast, no
 * auto-detection, bound to {@code cluster.host} only), the clustered event bus on the same address, the node's
 * metrics ({@link NodeVertx}), and its {@link HazelcastClusterView} and {@link BusInterest} (from a
 * {@link TrackingClusterManager} around Hazelcast's) installed before any verticle starts. A node whose name is already
 * in the cluster leaves again and fails.
 */
public final class ClusterNode {
    /** Merge runs after a split (a hung member that wakes up finds itself alone): seconds. */
    static final int MERGE_DELAY_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    private ClusterNode() {
    }

    /**
     * Starts a clustered Vert.x instance for a node running {@code parts} (wire names). Blocking DNS resolution of
     * {@code cluster.host} happens on the calling thread (start-up, not an event loop).
     */
    public static Future<Vertx> start(JsonObject config, ClusterConfig cluster, Collection<String> parts) {
        useSlf4jLogging();
        String address = cluster.resolvedHost().getHostAddress();
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(cluster, address, parts));
        TrackingClusterManager tracking = new TrackingClusterManager(manager);
        VertxOptions options = new VertxOptions();
        options.getEventBusOptions().setHost(address).setPort(cluster.eventBusPort());
        NodeVertx node = NodeVertx.of(config, options);
        LOG.info("Joining cluster '{}' as {} at {}:{} (members {}, event bus {}:{})", cluster.name(), cluster.nodeName(),
                address, cluster.port(), cluster.members(), address, cluster.eventBusPort() == 0 ? "any" : cluster.eventBusPort());
        return node.builder().withClusterManager(tracking).buildClustered()
                .map(node::installed)
                .compose(vertx -> {
                    HazelcastClusterView view = new HazelcastClusterView(manager.getHazelcastInstance().getCluster());
                    ClusterView.Member namesake = view.olderNamesake();
                    if (namesake != null) {
                        view.close();
                        return vertx.close().transform(closed -> Future.failedFuture(new IllegalStateException(
                                "node name '" + cluster.nodeName() + "' is already taken in cluster '" + cluster.name()
                                        + "' (by node " + namesake.nodeId() + "): give every node its own cluster.node-name / --node-name")));
                    }
                    ClusterView.install(vertx, view);
                    BusInterest.install(vertx, tracking.interest());
                    LOG.info("Joined cluster '{}' as {} (node {}); members: {}", cluster.name(), cluster.nodeName(),
                            view.self().nodeId(), view.members().stream().map(ClusterView.Member::name).collect(Collectors.joining(", ")));
                    return Future.succeededFuture(vertx);
                });
    }

    /**
     * vertx-hazelcast's default configuration (its {@code __vertx.*} maps) with TCP/IP join only, bound to
     * {@code address}, the failure detection of {@code cluster.heartbeat-interval} / {@code cluster.max-no-heartbeat},
     * and the node's name and parts as member attributes.
     */
    static Config hazelcastConfig(ClusterConfig cluster, String address, Collection<String> parts) {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(cluster.name());
        config.setInstanceName("tradewire-" + cluster.nodeName() + "-" + Integer.toHexString(System.identityHashCode(config)));
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(cluster.port()).setPortAutoIncrement(false).setPortCount(1);
        network.getInterfaces().setEnabled(true).clear().addInterface(address);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        List<String> members = cluster.members().isEmpty() ? List.of(address + ":" + cluster.port())
                : cluster.members().stream().map(ClusterConfig.Member::toString).toList();
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1).setMembers(members);
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.heartbeat.interval.seconds", Long.toString(cluster.heartbeatInterval().toSeconds()));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(cluster.maxNoHeartbeat().toSeconds()));
        config.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(MERGE_DELAY_SECONDS));
        config.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(MERGE_DELAY_SECONDS));
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getMemberAttributeConfig()
                .setAttribute(HazelcastClusterView.NAME_ATTRIBUTE, cluster.nodeName())
                .setAttribute(HazelcastClusterView.PARTS_ATTRIBUTE, String.join(",", parts));
        return config;
    }

    /** Hazelcast reads its logging type from a system property too, before an instance's configuration counts. */
    private static void useSlf4jLogging() {
        if (System.getProperty("hazelcast.logging.type") == null) {
            System.setProperty("hazelcast.logging.type", "slf4j");
        }
        if (System.getProperty("hazelcast.phone.home.enabled") == null) {
            System.setProperty("hazelcast.phone.home.enabled", "false");
        }
    }
}
