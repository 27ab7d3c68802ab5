package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A notifier dies with its node: three JVMs started with {@code setsid} on loopback (a gateway, a core node with the
 * venue and a notifier, a spare node with a second notifier). The partitions are split between the two notifiers; a
 * {@code kill -9} of the spare moves its partitions to the core node, and every client sees that as an epoch change
 * (a resync from a snapshot), never as a silent gap, even for streams whose only messages of that moment were lost.
 */
class NotifierFailoverIT {
    private static final Duration CLIENT_GUARD = Duration.ofSeconds(180);
    /** Hang guard for the survivor to own every partition, not a measurement. */
    private static final Duration TAKEOVER_GUARD = Duration.ofSeconds(30);
    private static final int USERS = 12;

    /** Partitions a node's notifier owns, from its /health (-1 while it reports none). */
    private static int partitions(JsonObject health) {
        JsonObject components = health == null ? null : health.getJsonObject("components");
        JsonObject notifier = components == null ? null : components.getJsonObject("notifier");
        return notifier == null ? -1 : notifier.getInteger("partitions", -1);
    }

    @Test
    @DisplayName("kill -9 of a notifier's node while users trade: its streams move to the survivor, each client resyncs them and misses no order")
    void notifierKilled() throws Exception {
        try (ClusterNodes cluster = ClusterNodes.builder("notifier-kill")
                .node("gw", "gateway")
                .node("core", "matching,notifier,broker,algo")
                .node("spare", "notifier")
                .start()) {
            cluster.awaitFormed();
            JsonObject core = cluster.await("core", h -> partitions(h) > 0 && partitions(h) < 64, ClusterNodes.START_GUARD,
                    "the core notifier sharing the partitions");
            JsonObject spare = cluster.await("spare", h -> partitions(h) > 0, ClusterNodes.START_GUARD,
                    "the spare notifier owning partitions");
            assertThat(partitions(cluster.await("core", h -> partitions(h) + partitions(spare) == 64, ClusterNodes.START_GUARD,
                    "the two notifiers owning every partition once")))
                    .as("core %s, spare %s", core, spare).isEqualTo(64 - partitions(spare));

            NodeProcess doomed = cluster.node("spare");
            Path tokens = cluster.tokens(IntStream.rangeClosed(1, USERS).mapToObj(i -> String.format("user%03d", i)).toList());
            String output = cluster.pythonToEnd("notifier-failover.log", CLIENT_GUARD, "notifier_failover.py",
                    "--url", cluster.node("gw").wsUrl(), "--tokens", tokens.toString(), "--users", Integer.toString(USERS),
                    "--kill-pid", Long.toString(doomed.pid()));
            assertThat(output).contains("resynced streams: user");
            assertThat(doomed.alive()).as("the client killed the spare node").isFalse();
            cluster.await("core", h -> partitions(h) == 64, TAKEOVER_GUARD, "the survivor owning every partition");
            cluster.awaitMembers(List.of(cluster.node("gw"), cluster.node("core")), List.of("gw", "core"), TAKEOVER_GUARD);
        }
    }
}
