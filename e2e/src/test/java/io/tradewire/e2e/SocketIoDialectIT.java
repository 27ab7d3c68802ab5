package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code socketio} dialect against the real Socket.IO clients its users have: python-socketio 5.7.2
 * (Debian, default transports: polling, then the upgrade) from {@code e2e/python}, and the npm
 * socket.io-client 4.8 from {@code e2e/node} (installed by {@code npm ci}), with its default transports and
 * with WebSocket only. Each test starts its own mesh with 300 ms push intervals; each script places orders
 * over the {@code exchange} dialect, prints its checks and ends with {@code N passed, M failed}.
 */
class SocketIoDialectIT {
    /** A failure guard against a hung script, not a timing assertion. */
    /** Equal intervals: the scripts' "unchanged data is not re-sent" check relies on them. */
    private static final Map<String, String> SHORT_INTERVALS = Map.of(
            "gateway.socketio.intervals.balance", "300ms",
            "gateway.socketio.intervals.positions", "300ms",
            "gateway.socketio.intervals.pnl", "300ms",
            "gateway.socketio.intervals.orders", "300ms");

    @Test
    @DisplayName("python-socketio with its default transports (polling, then WebSocket)")
    void pythonSocketIo() throws Exception {
        try (TestMesh mesh = TestMesh.start(SHORT_INTERVALS)) {
            ClientScripts.python("socketio_client.py", arguments(mesh));
        }
    }

    @Test
    @DisplayName("socket.io-client 4.8 with its default transports (polling, then WebSocket)")
    void nodeSocketIoClientDefaultTransports() throws Exception {
        try (TestMesh mesh = TestMesh.start(SHORT_INTERVALS)) {
            runNode(mesh, "default");
        }
    }

    @Test
    @DisplayName("socket.io-client 4.8 with transports: ['websocket']")
    void nodeSocketIoClientWebSocketOnly() throws Exception {
        try (TestMesh mesh = TestMesh.start(SHORT_INTERVALS)) {
            runNode(mesh, "websocket");
        }
    }

    private static void runNode(TestMesh mesh, String transports) throws Exception {
        Path node = ClientScripts.nodeDir();
        assertThat(node.resolve("node_modules/socket.io-client")).as("socket.io-client is installed: run `npm ci` in %s", node)
                .isDirectory();
        List<String> args = new ArrayList<>(arguments(mesh));
        args.addAll(List.of("--transports", transports));
        ClientScripts.node("socketio_client.js", args);
    }

    private static List<String> arguments(TestMesh mesh) {
        return List.of(
                "--url", "http://127.0.0.1:" + mesh.port(),
                "--exchange-url", mesh.wsUrl("/ws"),
                "--token1", mesh.token("user001"),
                "--token2", mesh.token("user002"),
                "--bad-token", mesh.expiredToken("user001"));
    }
}
