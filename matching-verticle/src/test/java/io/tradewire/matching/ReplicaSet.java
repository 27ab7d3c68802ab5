package io.tradewire.matching;

import io.tradewire.model.Addresses;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.EventBatch;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Replicas of a venue on loopback, each a matching verticle on its own plain Vert.x instance with its own data dir and
 * Raft port (no Hazelcast: commands go to the serving replica's local bus). Blocking helpers for the test thread.
 */
final class ReplicaSet implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    final List<Replica> replicas = new ArrayList<>();
    private final Consumer<JsonObject> replication;

    /** One replica of the set. */
    final class Replica {
        final String name;
        final int port;
        Path dataDir;
        Vertx vertx;
        final Collection<Event> events = new ConcurrentLinkedQueue<>();

        Replica(String name, int port) {
            this.name = name;
            this.port = port;
            this.dataDir = TestConfig.newDataDir();
        }

        JsonObject config() {
            JsonObject root = TestConfig.root(dataDir);
            root.put("cluster", new JsonObject().put("node-name", name).put("host", "127.0.0.1"));
            JsonObject section = new JsonObject()
                    .put("peers", new JsonArray(replicas.stream().map(r -> r.name + "=127.0.0.1:" + r.port).toList()))
                    .put("election-timeout", "1s")
                    .put("request-timeout", "2s");
            replication.accept(section);
            root.getJsonObject("matching").put("replication", section);
            return root;
        }

        /** Deploys the verticle on a new Vert.x instance (does not wait for an election). */
        Replica start() {
            return start(config());
        }

        Replica start(JsonObject config) {
            events.clear();
            vertx = Vertx.vertx();
            BusCodecs.ensureRegistered(vertx);
            vertx.eventBus().<Object>consumer(Addresses.EVENTS, message -> EventBatch.forEach(message.body(), events::add));
            await(vertx.deployVerticle(MatchingVerticle.class.getName(), new DeploymentOptions().setConfig(config)));
            return this;
        }

        /** Closes the Vert.x instance: the verticle stops and its Raft server closes. */
        void stop() {
            Vertx running = vertx;
            vertx = null;
            if (running != null) {
                await(running.close());
            }
        }

        boolean running() {
            return vertx != null;
        }

        JsonObject health(String venue) {
            if (vertx == null) {
                return new JsonObject();
            }
            JsonObject health = HealthRegistry.snapshot(vertx).getJsonObject("matching." + venue);
            return health == null ? new JsonObject() : health;
        }

        JsonObject health() {
            return health(TestConfig.VENUE);
        }

        boolean serving(String venue) {
            return health(venue).getBoolean("serving", false);
        }

        long applied() {
            return health().getLong("appliedIndex", -1L);
        }

        <T> Future<T> request(Object command) {
            return request(TestConfig.VENUE, command);
        }

        <T> Future<T> request(String venue, Object command) {
            return vertx.eventBus().<T>request(Addresses.matching(venue), command, new DeliveryOptions().setSendTimeout(10_000))
                    .map(message -> message.body());
        }

        /** The Raft storage of this replica's venue. */
        Path raftDir(String venue) {
            return dataDir.resolve("raft").resolve(venue);
        }

        /** Files under the Raft storage whose name starts with {@code prefix}. */
        List<Path> raftFiles(String prefix) {
            Path dir = raftDir(TestConfig.VENUE);
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return name + health();
        }
    }

    /**
     * @param count       replicas, named {@code n1..n<count>}, each on a free loopback port
     * @param replication adjusts the {@code matching.replication} section of every replica
     */
    ReplicaSet(int count, Consumer<JsonObject> replication) {
        this.replication = replication;
        for (int i = 1; i <= count; i++) {
            replicas.add(new Replica("n" + i, freePort()));
        }
    }

    ReplicaSet startAll() {
        for (Replica replica : replicas) {
            replica.start();
        }
        return this;
    }

    Replica replica(String name) {
        return replicas.stream().filter(r -> r.name.equals(name)).findFirst().orElseThrow();
    }

    /** The replica serving the venue now, if any. */
    Optional<Replica> serving(String venue) {
        return replicas.stream().filter(Replica::running).filter(r -> r.serving(venue)).findFirst();
    }

    Replica awaitLeader() {
        return awaitLeader(TestConfig.VENUE, WAIT);
    }

    Replica awaitLeader(String venue, Duration max) {
        awaitTrue(() -> serving(venue).isPresent(), max, "a replica serving " + venue);
        return serving(venue).orElseThrow();
    }

    /**
     * Waits until every running replica executed the same log, at least {@code minIndex} entries, with the same
     * resulting state; returns that state hash.
     */
    String awaitConverged(long minIndex) {
        awaitTrue(() -> {
            List<JsonObject> health = replicas.stream().filter(Replica::running).map(Replica::health).toList();
            long commit = health.stream().mapToLong(h -> h.getLong("commitIndex", -1L)).max().orElse(-1);
            return commit >= minIndex && health.stream().allMatch(h -> h.getLong("appliedIndex", -2L) == commit
                    && h.getLong("stateHashIndex", -3L) == commit && h.getString("stateHash") != null)
                    && health.stream().map(h -> h.getString("stateHash")).distinct().count() == 1;
        }, WAIT, "replicas converged");
        return replicas.stream().filter(Replica::running).findFirst().orElseThrow().health().getString("stateHash");
    }

    static void awaitTrue(BooleanSupplier condition, Duration max, String what) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + max.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The failure of a future that must fail. */
    static Throwable awaitFailure(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure, got a success");
    }

    /**
     * A free port whose next port is free too (a second venue of a replica listens on port + 1), for Ratis to bind a
     * moment later. Probed below the kernel's ephemeral range (32768-60999 on Linux): a port {@code ServerSocket(0)}
     * hands out is one the kernel also gives to outgoing connections, and one of those (the replicas reconnect to each
     * other all the time; other tests and benchmarks run on the same machine) can take it before the replica binds it,
     * or binds it again after a restart. Ports given once in this JVM are not given again.
     */
    static int freePort() {
        IOException last = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = PROBED_PORTS[0] + RANDOM.nextInt(PROBED_PORTS[1] - PROBED_PORTS[0]);
            if (GIVEN.contains(port) || GIVEN.contains(port + 1)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port); ServerSocket next = new ServerSocket(port + 1)) {
                GIVEN.add(port);
                GIVEN.add(port + 1);
                return port;
            } catch (IOException e) {
                last = e; // in use: try another
            }
        }
        throw new IllegalStateException("no two free consecutive ports below the ephemeral range", last);
    }

    /** Where {@link #freePort} looks: below Linux's default ephemeral range. */
    private static final int[] PROBED_PORTS = {20_000, 32_000};
    private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.Random RANDOM = new java.util.Random();

    /** Deletes a directory tree (an emptied data dir). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Replica replica : replicas) {
            try {
                replica.stop();
            } catch (AssertionError e) {
                // best effort: the next replica still closes
            }
        }
    }
}
