package io.tradewire.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.cluster.ClusterView;
import io.tradewire.model.cluster.MemberList;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ClusterSingletonTest {
    private static final ClusterView.Member A = new ClusterView.Member("a", "node-a", Set.of("algo", "gateway"));
    private static final ClusterView.Member B = new ClusterView.Member("b", "node-b", Set.of("algo"));
    private static final ClusterView.Member C = new ClusterView.Member("c", "node-c", Set.of("gateway"));

    @Test
    @DisplayName("the first member by node id among those running the part is the active one, on every node alike")
    void firstRunningMemberIsActive() {
        assertThat(ClusterSingleton.isActive(new MemberList(A, true, List.of(A, B, C)), "algo")).isTrue();
        assertThat(ClusterSingleton.isActive(new MemberList(B, true, List.of(A, B, C)), "algo")).isFalse();
        assertThat(ClusterSingleton.isActive(new MemberList(B, true, List.of(B, C)), "algo")).isTrue();
        assertThat(ClusterSingleton.isActive(ClusterView.single("alone", Set.of("algo")), "algo")).isTrue();
    }

    @Test
    @DisplayName("a stand-by node takes the role when the active member leaves and hands it back when it returns")
    void followsMembership(Vertx vertx, VertxTestContext test) {
        MemberList view = new MemberList(B, true, List.of(A, B, C));
        List<Boolean> roles = new CopyOnWriteArrayList<>();
        vertx.runOnContext(v -> {
            ClusterSingleton role = ClusterSingleton.follow(view, "algo", vertx.getOrCreateContext(), active -> {
                roles.add(active);
                if (roles.size() == 1) {
                    view.set(List.of(A, B, C)); // A is back: it is first again
                } else {
                    test.verify(() -> assertThat(roles).containsExactly(true, false));
                    test.completeNow();
                }
            });
            test.verify(() -> assertThat(role.active()).isFalse());
            view.set(List.of(B, C)); // A left: B is first
        });
    }
}
