package io.tradewire.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.cluster.ClusterView;
import io.tradewire.model.cluster.MemberList;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClusterHealthTest {

    @Test
    @DisplayName("the cluster section lists this node, the members with sorted parts, and this node's venues with the role they report")
    void rendersMembersAndVenues() {
        ClusterView.Member self = new ClusterView.Member("b", "core-1", Set.of("notifier", "matching"));
        ClusterView.Member gateway = new ClusterView.Member("a", "gw-1", Set.of("gateway"));
        ClusterView view = new MemberList(self, true, List.of(gateway, self));
        JsonObject components = new JsonObject()
                .put("matching.tradewire", new JsonObject().put("status", "UP").put("role", "leader"))
                .put("matching.asia", new JsonObject().put("status", "UP").put("role", "follower"))
                .put("matching.plain", new JsonObject().put("status", "DOWN"))
                .put("notifier", new JsonObject().put("status", "UP").put("role", "ignored"));

        JsonObject cluster = ClusterHealth.render(view, components);

        assertThat(cluster.getBoolean("clustered")).isTrue();
        assertThat(cluster.getJsonObject("node")).isEqualTo(new JsonObject().put("name", "core-1").put("id", "b")
                .put("parts", new JsonArray().add("matching").add("notifier")));
        assertThat(cluster.getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("name"))).containsExactly("gw-1", "core-1");
        assertThat(cluster.getJsonObject("venues")).isEqualTo(new JsonObject()
                .put("tradewire", new JsonObject().put("status", "UP").put("role", "leader"))
                .put("asia", new JsonObject().put("status", "UP").put("role", "follower"))
                .put("plain", new JsonObject().put("status", "DOWN")));
    }

    @Test
    @DisplayName("a node alone reports itself as the only member, not clustered")
    void singleNode() {
        JsonObject cluster = ClusterHealth.render(ClusterView.single("solo", Set.of("gateway")), new JsonObject());
        assertThat(cluster.getBoolean("clustered")).isFalse();
        assertThat(cluster.getJsonArray("members")).hasSize(1);
        assertThat(cluster.getJsonObject("venues")).isEmpty();
    }
}
