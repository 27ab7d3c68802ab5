package io.tradewire.model.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.cluster.ClusterView.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MemberListTest {
    private static final Member A = new Member("a", "gw-1", Set.of("gateway"));
    private static final Member B = new Member("b", "core-1", Set.of("notifier", "matching"));
    private static final Member C = new Member("c", "core-2", Set.of("notifier"));

    @Test
    @DisplayName("members are ordered by node id; a change runs every listener, even after one of them failed")
    void orderAndListeners() {
        MemberList view = new MemberList(B, true, List.of(C, A, B));
        assertThat(view.members()).containsExactly(A, B, C);
        assertThat(view.running("notifier")).containsExactly(B, C);
        List<List<Member>> seen = new ArrayList<>();
        view.onChange(() -> {
            throw new IllegalStateException("a broken listener");
        });
        view.onChange(() -> seen.add(view.members()));

        view.set(List.of(C, B));

        assertThat(seen).containsExactly(List.of(B, C));
        assertThat(view.self()).isEqualTo(B);
        assertThat(view.clustered()).isTrue();
    }

    @Test
    @DisplayName("a lone node sees itself only, and is not clustered")
    void single() {
        ClusterView view = ClusterView.single("local", Set.of("gateway"));
        assertThat(view.members()).containsExactly(view.self());
        assertThat(view.clustered()).isFalse();
    }
}
