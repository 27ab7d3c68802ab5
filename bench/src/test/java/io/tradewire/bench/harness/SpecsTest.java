package io.tradewire.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SpecsTest {
    static final long FILES = 20_000;

    @Test
    @DisplayName("a valid fan-out request keeps its client counts in order and resolves the peers")
    void fanoutValid() {
        FanoutBench.Spec spec = FanoutBench.Spec.of(List.of(200, 1000), 180, 10, 2, 200, null, List.of("all"), FILES);
        assertThat(spec.clients()).containsExactly(200, 1000);
        assertThat(spec.peers()).containsExactly("ws", "socketio");
    }

    @Test
    @DisplayName("peers: ws, socketio (socket.io, socket-io), all, none, in the order given, each once")
    void peers() {
        assertThat(FanoutBench.peers(List.of("none"))).isEmpty();
        assertThat(FanoutBench.peers(List.of())).isEmpty();
        assertThat(FanoutBench.peers(List.of("Socket.IO", "ws", "socketio"))).containsExactly("socketio", "ws");
        assertThatThrownBy(() -> FanoutBench.peers(List.of("uws"))).hasMessageContaining("--peer must be");
    }

    @Test
    @DisplayName("client counts, rates, durations, payloads and targets out of range are refused with the option's name")
    void fanoutInvalid() {
        assertThatThrownBy(() -> FanoutBench.Spec.of(List.of(), 1, 10, 2, 200, null, List.of(), FILES)).hasMessageContaining("--clients");
        assertThatThrownBy(() -> FanoutBench.Spec.of(List.of(0), 1, 10, 2, 200, null, List.of(), FILES)).hasMessageContaining("--clients");
        assertThatThrownBy(() -> FanoutBench.Spec.of(List.of(19_900), 1, 10, 2, 200, null, List.of(), FILES))
                .hasMessageContaining("open-files limit");
        assertThatThrownBy(() -> FanoutBench.Spec.of(List.of(10), 0, 10, 2, 200, null, List.of(), FILES)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> FanoutBench.Spec.of(List.of(10), 1, 0.5, 2, 200, null, List.of(), FILES))
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> FanoutBench.Spec.of(List.of(10), 1, 10, -1, 200, null, List.of(), FILES))
                .hasMessageContaining("--warmup");
        assertThatThrownBy(() -> FanoutBench.Spec.of(List.of(10), 1, 10, 2, 10, null, List.of(), FILES)).hasMessageContaining("--payload");
        assertThatThrownBy(() -> FanoutBench.Spec.of(List.of(10), 1, 10, 2, 200, "http://x:1/ws", List.of(), FILES))
                .hasMessageContaining("--target");
    }

    @Test
    @DisplayName("order flow needs pairs: an even number of clients")
    void orders() {
        assertThat(OrdersBench.Spec.of(200, 2_000, 10, 2, FILES).clients()).isEqualTo(200);
        assertThatThrownBy(() -> OrdersBench.Spec.of(201, 2_000, 10, 2, FILES)).hasMessageContaining("even");
        assertThatThrownBy(() -> OrdersBench.Spec.of(0, 2_000, 10, 2, FILES)).hasMessageContaining("even");
        assertThatThrownBy(() -> OrdersBench.Spec.of(2, -1, 10, 2, FILES)).hasMessageContaining("--rate");
    }

    @Test
    @DisplayName("idle sessions: a count the open-files limit allows and a non-negative idle time")
    void connections() {
        assertThat(ConnectionsBench.Spec.of(5_000, 12, List.of("ws"), FILES).peers()).containsExactly("ws");
        assertThatThrownBy(() -> ConnectionsBench.Spec.of(5_000, -1, List.of(), FILES)).hasMessageContaining("--idle");
        assertThatThrownBy(() -> ConnectionsBench.Spec.of(50_000, 12, List.of(), FILES)).hasMessageContaining("open-files limit");
    }

    @Test
    @DisplayName("harness options: flags split on blanks, --set needs KEY=VALUE, event loops are bounded")
    void harnessOptions() {
        assertThat(HarnessOptions.split("  -Xmx2g   -XX:+UseG1GC ")).containsExactly("-Xmx2g", "-XX:+UseG1GC");
        assertThat(HarnessOptions.split(null)).isEmpty();
        HarnessOptions options = new HarnessOptions();
        options.sets.add("gateway.max-queued-bytes=1");
        options.validate();
        options.sets.add("oops");
        assertThatThrownBy(options::validate).hasMessageContaining("--set");
        HarnessOptions threads = new HarnessOptions();
        threads.loadgenThreads = 0;
        assertThatThrownBy(threads::validate).hasMessageContaining("--loadgen-threads");
    }

    @Test
    @DisplayName("reconnect: clients within the open-files limit, 1 to 10,000 missed messages each")
    void reconnect() {
        assertThat(ReconnectBench.Spec.of(2_000, 20, FILES).missed()).isEqualTo(20);
        assertThatThrownBy(() -> ReconnectBench.Spec.of(0, 20, FILES)).hasMessageContaining("--clients");
        assertThatThrownBy(() -> ReconnectBench.Spec.of(19_900, 20, FILES)).hasMessageContaining("open-files");
        assertThatThrownBy(() -> ReconnectBench.Spec.of(10, 0, FILES)).hasMessageContaining("--missed");
        assertThatThrownBy(() -> ReconnectBench.Spec.of(10, 10_001, FILES)).hasMessageContaining("--missed");
    }
}
