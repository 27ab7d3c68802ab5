package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Venue failover with every node a JVM of its own ({@link ClusterNodes}): three nodes each running every verticle, the
 * three replicas of the venue (Raft over Apache Ratis). Python clients ({@code cluster_orders.py}, websocket-client) keep
 * a steady flow of orders going, one order in flight per connection, while the test kills ({@code kill -9}) or hangs
 * ({@code SIGSTOP}) the leader. Afterwards {@code durability_verify.py} finds every order whose {@code order_response}
 * a client received, with accounts and positions that add up (balance = deposit + realized PnL - fees, available =
 * deposit + profit - fees - margin - frozen, long = short over all users), and the replicas agree on the venue's state
 * hash. "Within 5 s" is the required bound on a takeover: asserted on the time the new leader itself reports it began
 * serving ({@code servingSince} in /health) against the time of the fault, so how soon this test's polling of /health
 * notices (a request to a busy node may take a while) is not counted; the polling has a hang guard only.
 */
class VenueFailoverIT {
    private static final String VENUE = "matching.tradewire";
    private static final List<String> USERS = List.of("fo1", "fo2", "fo3", "fo4", "fo5", "fo6");
    /** The required bound: another replica serves the venue within 5 s of the leader's death or hang. */
    private static final Duration TAKEOVER = Duration.ofSeconds(5);
    /** How long the test looks for the new leader in /health: a hang guard, not the bound. */
    private static final Duration TAKEOVER_GUARD = Duration.ofSeconds(30);
    /** Hang guards, not measurements. */
    private static final Duration FLOW_GUARD = Duration.ofSeconds(120);
    private static final Duration CONVERGE_GUARD = Duration.ofSeconds(60);
    /** A hung member is dropped after cluster.max-no-heartbeat (5 s) plus a heartbeat; this guard leaves room for a busy machine. */
    private static final Duration HUNG_MEMBER_GUARD = Duration.ofSeconds(20);
    private static final int ACKS_BEFORE_FAULT = 150;
    private static final int ACKS_AFTER_TAKEOVER = 100;

    private static ClusterNodes.Builder replicas(String run) {
        return ClusterNodes.builder(run).node("n1", "all").node("n2", "all").node("n3", "all").replicated();
    }

    @Test
    @DisplayName("kill -9 of the venue leader under a steady order flow: another replica serves within 5 s, every acknowledged order is there, accounts add up")
    void leaderKilledUnderFlow() throws Exception {
        try (ClusterNodes cluster = replicas("leader-kill").start()) {
            cluster.awaitFormed();
            NodeProcess leader = awaitServingLeader(cluster, cluster.nodes());
            List<NodeProcess> survivors = others(cluster, leader);
            Flow flow = Flow.start(cluster, survivors, "kill");
            flow.awaitAcks(ACKS_BEFORE_FAULT);
            long term = venue(leader.health()).getLong("term");

            leader.kill9();
            long killedAt = System.currentTimeMillis();
            NodeProcess next = awaitServingLeader(cluster, survivors, TAKEOVER_GUARD, term);
            long takeover = venue(next.health()).getLong("servingSince") - killedAt;
            System.out.printf("VenueFailoverIT: %s took over from %s (killed) after %d ms (servingSince; seen in /health after %d ms)%n",
                    next.name(), leader.name(), takeover, System.currentTimeMillis() - killedAt);
            assertThat(takeover).as("ms from the kill to the new leader serving").isLessThan(TAKEOVER.toMillis());

            int atTakeover = flow.acks();
            flow.awaitAcks(atTakeover + ACKS_AFTER_TAKEOVER);
            flow.stop();
            flow.verify(next);
            awaitSameState(survivors);
        }
    }

    @Test
    @DisplayName("SIGSTOP of the venue leader under a steady order flow: another replica serves within 5 s; after SIGCONT the old leader is a follower and rejoins, every ack any gateway gave is in the final state, all three replicas converge")
    void leaderPausedUnderFlow() throws Exception {
        try (ClusterNodes cluster = replicas("leader-pause").start()) {
            cluster.awaitFormed();
            NodeProcess leader = awaitServingLeader(cluster, cluster.nodes());
            List<NodeProcess> others = others(cluster, leader);
            // Clients on every node, the paused one too: whatever its gateway answers after it wakes up is checked.
            Flow flow = Flow.start(cluster, List.copyOf(cluster.nodes()), "pause");
            flow.awaitAcks(ACKS_BEFORE_FAULT);
            long term = venue(leader.health()).getLong("term");

            leader.pause();
            long pausedAt = System.nanoTime();
            long pausedAtMillis = System.currentTimeMillis();
            NodeProcess next;
            try {
                next = awaitServingLeader(cluster, others, TAKEOVER_GUARD, term);
                long takeover = venue(next.health()).getLong("servingSince") - pausedAtMillis;
                System.out.printf("VenueFailoverIT: %s took over from %s (SIGSTOP) after %d ms (servingSince; seen in /health after %d ms)%n",
                        next.name(), leader.name(), takeover, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt));
                assertThat(takeover).as("ms from the SIGSTOP to the new leader serving").isLessThan(TAKEOVER.toMillis());
                int atTakeover = flow.acks();
                flow.awaitAcks(atTakeover + ACKS_AFTER_TAKEOVER);
                // The hang outlasts the failure detector: the others drop the hung member (cluster.max-no-heartbeat 5 s).
                cluster.awaitMembers(others, others.stream().map(NodeProcess::name).toList(), HUNG_MEMBER_GUARD);
                System.out.printf("VenueFailoverIT: %s (SIGSTOP) left the members after %d ms%n", leader.name(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt));
            } finally {
                leader.resume();
            }
            long newTerm = venue(next.health()).getLong("term");
            leader.awaitHealth(health -> "follower".equals(venue(health).getString("role"))
                    && venue(health).getLong("term", 0L) >= newTerm, CONVERGE_GUARD, "a follower of term " + newTerm + " after SIGCONT");
            // The woken node rejoins the cluster (Hazelcast merges it back) and serves its clients through the new leader.
            cluster.awaitMembers(cluster.nodes(), cluster.nodes().stream().map(NodeProcess::name).toList(), CONVERGE_GUARD);
            int afterResume = flow.acks();
            flow.awaitAcks(afterResume + ACKS_AFTER_TAKEOVER / 2);
            flow.stop();
            assertThat(venue(next.health()).getString("role")).as("the new leader still leads").isEqualTo("leader");
            flow.verify(next);
            // Every replica converges, the woken old leader included: it catches up from the new leader.
            awaitSameState(cluster.nodes());
            System.out.println("VenueFailoverIT outcomes: " + flow.outcomes() + "; the woken replica: "
                    + venue(leader.health()).encode());
        }
    }

    // ------------------------------------------------------------------------------------------

    /** The venue's component in a node's /health ({@code role}, {@code serving}, {@code term}, {@code stateHash}, ...). */
    private static JsonObject venue(JsonObject health) {
        JsonObject components = health == null ? null : health.getJsonObject("components");
        JsonObject venue = components == null ? null : components.getJsonObject(VENUE);
        return venue == null ? new JsonObject() : venue;
    }

    private static boolean servingLeader(JsonObject health, long afterTerm) {
        JsonObject venue = venue(health);
        return "leader".equals(venue.getString("role")) && Boolean.TRUE.equals(venue.getBoolean("serving"))
                && venue.getLong("term", 0L) > afterTerm;
    }

    private static NodeProcess awaitServingLeader(ClusterNodes cluster, java.util.Collection<NodeProcess> among) throws Exception {
        return awaitServingLeader(cluster, among, ClusterNodes.START_GUARD, 0);
    }

    /** Waits until exactly one of {@code among} serves the venue as its leader in a term after {@code afterTerm}. */
    private static NodeProcess awaitServingLeader(ClusterNodes cluster, java.util.Collection<NodeProcess> among, Duration within,
            long afterTerm) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, String> last = Map.of();
        while (System.nanoTime() < deadline) {
            List<NodeProcess> leaders = new ArrayList<>();
            Map<String, String> seen = new java.util.TreeMap<>();
            for (NodeProcess node : among) {
                JsonObject health = node.health();
                seen.put(node.name(), venue(health).encode());
                if (servingLeader(health, afterTerm)) {
                    leaders.add(node);
                }
            }
            last = seen;
            assertThat(leaders).as("at most one serving leader: %s", seen).hasSizeLessThanOrEqualTo(1);
            if (leaders.size() == 1) {
                return leaders.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no replica of " + among.stream().map(NodeProcess::name).toList() + " served the venue within "
                + within + " (after term " + afterTerm + "); last /health venues: " + last + "\nlogs:\n" + cluster.logs());
    }

    private static List<NodeProcess> others(ClusterNodes cluster, NodeProcess leader) {
        return cluster.nodes().stream().filter(node -> node != leader).toList();
    }

    /** Waits until the replicas report one state hash, each for the index it has applied, the same index (the flow has stopped). */
    private static void awaitSameState(java.util.Collection<NodeProcess> replicas) throws InterruptedException {
        long deadline = System.nanoTime() + CONVERGE_GUARD.toNanos();
        Map<String, String> states = Map.of();
        while (System.nanoTime() < deadline) {
            states = new java.util.TreeMap<>();
            for (NodeProcess node : replicas) {
                JsonObject venue = venue(node.health());
                Object applied = venue.getValue("appliedIndex");
                Object hashed = venue.getValue("stateHashIndex");
                String hash = venue.getString("stateHash");
                states.put(node.name(), hash != null && applied != null && applied.equals(hashed) ? applied + "/" + hash
                        : "not yet: " + venue.encode());
            }
            if (states.values().stream().distinct().count() == 1 && !states.values().iterator().next().startsWith("not yet")) {
                System.out.println("VenueFailoverIT: the replicas agree: " + states);
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the replicas did not converge on one state: " + states);
    }

    /** The Python order flow: users spread over the given nodes' gateways, until the stop file appears. */
    private static final class Flow {
        private final ClusterNodes cluster;
        private final Process process;
        private final Path tokens;
        private final Path acked;
        private final Path events;
        private final Path stopFile;
        private final String log;

        private Flow(ClusterNodes cluster, Process process, Path tokens, Path acked, Path events, Path stopFile, String log) {
            this.cluster = cluster;
            this.process = process;
            this.tokens = tokens;
            this.acked = acked;
            this.events = events;
            this.stopFile = stopFile;
            this.log = log;
        }

        static Flow start(ClusterNodes cluster, List<NodeProcess> gateways, String name) throws Exception {
            Path tokens = cluster.tokens(USERS);
            Path acked = cluster.dir().resolve(name + "-acked.txt");
            Path events = cluster.dir().resolve(name + "-events.jsonl");
            Path stopFile = cluster.dir().resolve(name + ".stop");
            String log = name + "-orders.log";
            String urls = gateways.stream().map(NodeProcess::wsUrl).collect(Collectors.joining(","));
            Process process = cluster.python(log, "cluster_orders.py", "--urls", urls, "--tokens", tokens.toString(),
                    "--out", acked.toString(), "--events", events.toString(), "--stop-file", stopFile.toString(),
                    "--duration", Long.toString(FLOW_GUARD.toSeconds() * 2), "--seed", Long.toString(System.nanoTime()));
            return new Flow(cluster, process, tokens, acked, events, stopFile, log);
        }

        /** Complete lines only: a line being written at the moment is not counted. */
        int acks() throws Exception {
            if (!Files.exists(acked)) {
                return 0;
            }
            return (int) Files.readAllLines(acked, StandardCharsets.UTF_8).stream().filter(l -> l.split(" ").length == 6).count();
        }

        void awaitAcks(int count) throws Exception {
            long deadline = System.nanoTime() + FLOW_GUARD.toNanos();
            while (acks() < count) {
                assertThat(process.isAlive()).as("the order flow runs (%d of %d acknowledged); its output:%n%s", acks(), count,
                        output()).isTrue();
                assertThat(System.nanoTime()).as("hang guard: %d of %d acknowledged; logs:%n%s", acks(), count, cluster.logs())
                        .isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        void stop() throws Exception {
            Files.writeString(stopFile, "stop");
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the order flow stopped").isTrue();
            assertThat(process.exitValue()).as("the order flow's exit code; output:%n%s", output()).isZero();
        }

        String output() throws Exception {
            return Files.readString(cluster.dir().resolve(log));
        }

        /** Outcomes over all users: ack / rejected / unknown counts. */
        Map<String, Long> outcomes() throws Exception {
            return Files.readAllLines(events, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("{"))
                    .collect(Collectors.groupingBy(l -> new JsonObject(l).getString("outcome"), java.util.TreeMap::new,
                            Collectors.counting()));
        }

        /** durability_verify.py through {@code node}'s gateway: every ack is there, accounts and positions add up. */
        void verify(NodeProcess node) throws Exception {
            Map<String, Long> outcomes = outcomes();
            assertThat(outcomes.getOrDefault("rejected", 0L)).as("no order refused outright: %s", outcomes).isZero();
            String output = cluster.pythonToEnd("verify.log", FLOW_GUARD, "durability_verify.py", "--url", node.wsUrl(),
                    "--tokens", tokens.toString(), "--acked", acked.toString(), "--starting-balance", ClusterNodes.STARTING_BALANCE);
            JsonObject result = new JsonObject(output.strip().lines().reduce((a, b) -> b).orElse("{}"));
            assertThat(result.getInteger("orders")).as("orders verified").isEqualTo(acks()).isPositive();
            System.out.println("VenueFailoverIT verified: " + result.encode() + " outcomes " + outcomes);
        }
    }
}
