package io.tradewire.matching;

import io.tradewire.matching.ReplicaSet.Replica;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.command.Deposit;
import io.tradewire.model.command.SubmitOrder;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures a replicated venue on this machine: three replicas in one JVM on loopback (each its own Vert.x instance, data
 * dir and Raft server), orders sent on the leader's local bus with at most {@code window} unacknowledged; reports acks
 * per second and ack latency (send → reply). Not a test: the figures go to docs/CLUSTER.md with the command.
 *
 * <pre>
 * mvn -B -q -o test-compile -pl matching-verticle -am
 * mvn -B -q -o -pl matching-verticle dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/measure.cp
 * java -Xms1g -Xmx1g -cp matching-verticle/target/test-classes:matching-verticle/target/classes:$(cat matching-verticle/target/measure.cp) \
 *     io.tradewire.matching.ReplicationMeasurement 20000 1 100 1000
 * </pre>
 */
public final class ReplicationMeasurement {
    private ReplicationMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int[] windows = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {1, 100};
        try (ReplicaSet set = new ReplicaSet(3, section -> section.put("request-timeout", "30s")).startAll()) {
            Replica leader = set.awaitLeader();
            for (int u = 0; u < 100; u++) {
                ReplicaSet.await(leader.request(new Deposit("u" + u, new BigDecimal("1000000000"))));
            }
            for (int window : windows) {
                run(leader, Math.min(orders, 2_000), window, "warm-up");
                run(leader, orders, window, "measured");
            }
        }
        System.exit(0);
    }

    private static void run(Replica leader, int orders, int window, String label) throws InterruptedException {
        Semaphore permits = new Semaphore(window);
        CountDownLatch done = new CountDownLatch(orders);
        long[] latencies = new long[orders];
        AtomicInteger failed = new AtomicInteger();
        long started = System.nanoTime();
        for (int i = 0; i < orders; i++) {
            permits.acquire();
            int n = i;
            Side side = i % 2 == 0 ? Side.BUY : Side.SELL;
            BigDecimal price = new BigDecimal(119 + (i % 3)).movePointLeft(0);
            SubmitOrder order = new SubmitOrder("u" + (i % 100), null, "IX2301", side, Offset.OPEN, OrderType.LIMIT, null, price,
                    BigDecimal.ONE, OrderSource.API);
            long sent = System.nanoTime();
            leader.request(order).onComplete(reply -> {
                latencies[n] = System.nanoTime() - sent;
                if (reply.failed()) {
                    failed.incrementAndGet();
                }
                permits.release();
                done.countDown();
            });
        }
        done.await();
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "%-8s window %5d: %7.0f acks/s, latency p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d failed%n",
                label, window, orders / seconds, latencies[orders / 2] / 1e6, latencies[(int) (orders * 0.99)] / 1e6,
                latencies[orders - 1] / 1e6, failed.get());
    }
}
