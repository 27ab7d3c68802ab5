package io.tradewire.model;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;

/**
 * Node-local health: each verticle reports its component's status here, and {@code /health} shows
 * what the node runs. Values are JSON objects with at least {@code status} ({@code UP}, {@code DOWN},
 * {@code STARTING}).
 */
public final class HealthRegistry {
    private static final String MAP = "tradewire.health";

    private HealthRegistry() {
    }

    public static void report(Vertx vertx, String component, String status, JsonObject details) {
        JsonObject entry = details == null ? new JsonObject() : details.copy();
        vertx.sharedData().<String, JsonObject>getLocalMap(MAP).put(component, entry.put("status", status));
    }

    public static void remove(Vertx vertx, String component) {
        vertx.sharedData().<String, JsonObject>getLocalMap(MAP).remove(component);
    }

    public static JsonObject snapshot(Vertx vertx) {
        LocalMap<String, JsonObject> map = vertx.sharedData().getLocalMap(MAP);
        JsonObject result = new JsonObject();
        map.keySet().stream().sorted().forEach(key -> result.put(key, map.get(key)));
        return result;
    }
}
