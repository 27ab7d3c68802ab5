package io.tradewire.broker.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.broker.BrokerAdapterVerticle;
import io.tradewire.model.Addresses;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.command.Command;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.EventBatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The broker verticle deployed on its own Vert.x with a configuration, the events it publishes collected, and commands
 * sent to it over the bus. Waits are failure guards, never measurements.
 */
public final class BrokerHarness implements AutoCloseable {
    public static final int GUARD_SECONDS = 20;

    public final Vertx vertx;
    public final List<Event> events = new CopyOnWriteArrayList<>();
    private String deployment;

    public BrokerHarness(Vertx vertx) {
        this.vertx = vertx;
        BusCodecs.ensureRegistered(vertx);
        vertx.eventBus().<Object>consumer(Addresses.EVENTS, message -> EventBatch.forEach(message.body(), events::add));
    }

    public void deploy(JsonObject config) throws Exception {
        deployment = await(vertx.deployVerticle(new BrokerAdapterVerticle(),
                new io.vertx.core.DeploymentOptions().setConfig(config)));
    }

    public void undeploy() throws Exception {
        if (deployment != null) {
            await(vertx.undeploy(deployment));
            deployment = null;
        }
    }

    /** A command's reply, or the failure's code as a {@link ReplyException}. */
    public <T> T request(String broker, Command command) throws Exception {
        Future<io.vertx.core.eventbus.Message<T>> reply = vertx.eventBus().request(Addresses.broker(broker), command);
        return await(reply).body();
    }

    public ReplyException failure(String broker, Command command) throws Exception {
        try {
            request(broker, command);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ReplyException.class);
            return (ReplyException) e.getCause();
        }
        throw new AssertionError("the command succeeded");
    }

    /** The broker's entry in {@code /health}. */
    public JsonObject health(String broker) {
        return HealthRegistry.snapshot(vertx).getJsonObject(BrokerAdapterVerticle.COMPONENT + "." + broker, new JsonObject());
    }

    public void awaitState(String broker, String state) throws Exception {
        waitFor(() -> state.equals(health(broker).getString("state")), "broker " + broker + " state " + state + ", health: "
                + HealthRegistry.snapshot(vertx));
    }

    public <E extends Event> List<E> events(Class<E> type, Predicate<E> filter) {
        return events.stream().filter(type::isInstance).map(type::cast).filter(filter).toList();
    }

    public <E extends Event> E awaitEvent(Class<E> type, Predicate<E> filter) throws Exception {
        waitFor(() -> !events(type, filter).isEmpty(), "a " + type.getSimpleName() + "; events so far: " + events);
        return events(type, filter).get(0);
    }

    public static void waitFor(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited in vain for " + what);
            }
            Thread.sleep(20);
        }
    }

    public static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(GUARD_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        await(vertx.close());
    }
}
