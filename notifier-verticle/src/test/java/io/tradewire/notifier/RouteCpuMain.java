package io.tradewire.notifier;

import io.tradewire.model.Addresses;
import io.tradewire.model.Offset;
import io.tradewire.model.Side;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.Tick;
import io.tradewire.model.event.TradeExecuted;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: a quick measurement of the embedded notifier's cost per routed event, for before/after comparisons of
 * the routing path. Publishes {@code args[0]} events (fills of 1,000 users, ticks of 50 instruments: 2 streams each)
 * through one {@link NotifierVerticle} with the default configuration, {@code args[1]} times, and prints the CPU time
 * of the event-loop threads (publisher and notifier; GC and JIT threads excluded) per event. The command is in
 * docs/CLUSTER.md.
 */
public final class RouteCpuMain {
    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(new NotifierVerticle(), new DeploymentOptions().setConfig(new JsonObject()))
                .await(30, TimeUnit.SECONDS);
        Event[] mix = new Event[1_050];
        for (int i = 0; i < 1_000; i++) {
            mix[i] = new TradeExecuted("T" + i, "O" + i, "u" + i, "IX2301", Side.BUY, Offset.OPEN, BigDecimal.TEN, BigDecimal.ONE, false, BigDecimal.ZERO, 1L);
        }
        for (int i = 0; i < 50; i++) {
            mix[1_000 + i] = new Tick("K" + i, "SYM" + i, BigDecimal.TEN, BigDecimal.ONE, Side.BUY, 1L);
        }
        for (int round = 0; round < rounds; round++) {
            Promise<Void> done = Promise.promise();
            String marker = "market.END" + round + ".ticker";
            vertx.eventBus().consumer(Addresses.push(marker), m -> done.tryComplete()).completion().await(10, TimeUnit.SECONDS);
            long cpu = loopCpu();
            long wall = System.nanoTime();
            int r = round;
            vertx.runOnContext(v -> publish(vertx, mix, 0, events, r));
            done.future().await(600, TimeUnit.SECONDS);
            long used = loopCpu() - cpu;
            System.out.printf("round %d: %d events, %.0f ns event-loop CPU/event, %.0f ns wall/event%n", round, events,
                    (double) used / events, (double) (System.nanoTime() - wall) / events);
        }
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    /** CPU time of the event-loop threads (the publisher and the notifier; not GC or JIT threads). */
    static long loopCpu() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("vert.x-eventloop")) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    /** Publishes in slices of 1,000 so the notifier's queue stays short; the marker goes last. */
    static void publish(Vertx vertx, Event[] mix, int from, int total, int round) {
        int to = Math.min(total, from + 1_000);
        for (int i = from; i < to; i++) {
            vertx.eventBus().publish(Addresses.EVENTS, mix[i % mix.length]);
        }
        if (to < total) {
            vertx.setTimer(1, id -> publish(vertx, mix, to, total, round));
        } else {
            vertx.eventBus().publish(Addresses.EVENTS, new Tick("END", "END" + round, BigDecimal.TEN, BigDecimal.ONE, Side.BUY, 1L));
        }
    }
}
