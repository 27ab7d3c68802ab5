package io.tradewire.gateway.ops;

import io.tradewire.model.cluster.ClusterView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The {@code cluster} section of {@code /health}: whether the node is clustered, the node itself, the live members
 * with the parts they run, and the venues of this node with the role each reports in its {@code matching.<venue>}
 * component ({@code leader} or {@code follower} with replication; rendered as reported). Plain JSON, no Vert.x.
 *
 * <pre>{@code
 * "cluster": {"clustered": true, "node": {"name": "core-1", "id": "…", "parts": ["matching", "notifier"]},
 *             "members": [{"name": "gw-1", "id": "…", "parts": ["gateway"]}, …],
 *             "venues": {"tradewire": {"status": "UP", "role": "leader"}}}
 * }</pre>
 */
public final class ClusterHealth {
    /** Venue components are named {@code matching.<venue>}. */
    static final String VENUE_PREFIX = "matching.";

    private ClusterHealth() {
    }

    public static JsonObject render(ClusterView view, JsonObject components) {
        JsonArray members = new JsonArray();
        view.members().forEach(member -> members.add(member(member)));
        JsonObject venues = new JsonObject();
        components.forEach(entry -> {
            if (entry.getKey().startsWith(VENUE_PREFIX) && entry.getValue() instanceof JsonObject component) {
                JsonObject venue = new JsonObject().put("status", component.getString("status"));
                if (component.containsKey("role")) {
                    venue.put("role", component.getValue("role"));
                }
                venues.put(entry.getKey().substring(VENUE_PREFIX.length()), venue);
            }
        });
        return new JsonObject()
                .put("clustered", view.clustered())
                .put("node", member(view.self()))
                .put("members", members)
                .put("venues", venues);
    }

    private static JsonObject member(ClusterView.Member member) {
        return new JsonObject().put("name", member.name()).put("id", member.nodeId())
                .put("parts", new JsonArray(member.parts().stream().sorted().toList()));
    }
}
