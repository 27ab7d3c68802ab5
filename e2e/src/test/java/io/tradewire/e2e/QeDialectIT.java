package io.tradewire.e2e;

import io.tradewire.gateway.qe.ApiKeyStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code qe} dialect driven by a Python client on the QE SDK's wire ({@code e2e/python/qe_wire.py}: signed REST with
 * {@code requests}, the user-data stream with {@code websockets}), against a mesh whose simulated market provides the
 * liquidity and whose algo engine slices every 500 ms.
 */
class QeDialectIT {
    static final Map<String, String> SETTINGS = Map.of(
            "broker.simulator.enabled", "true",
            "broker.simulator.interval", "200ms",
            "broker.simulator.seed", "7",
            "algo.slice-interval", "500ms",
            "algo.tick-interval", "50ms");

    @Test
    @DisplayName("The SDK's flow: signed REST, listen keys, a TWAP to COMPLETED, a cancel mid-way, pause and resume, every push")
    void sdkFlow() throws Exception {
        runWithTwoUsers("qe_flow.py");
    }

    @Test
    @DisplayName("Hostile listen keys and paths never open a socket; bad frames get errors, an oversized one closes 1009, others unharmed")
    void hostileInput() throws Exception {
        runWithTwoUsers("qe_hostile.py", "--max-message-bytes", "65536");
    }

    /** Runs a script against a fresh mesh with API keys for alice and bob, created in its data dir as the CLI does. */
    private static void runWithTwoUsers(String script, String... extra) throws Exception {
        try (TestMesh mesh = TestMesh.start(SETTINGS)) {
            ApiKeyStore keys = ApiKeyStore.at(Path.of(mesh.config().getString("data-dir")));
            ApiKeyStore.Created alice = keys.create("alice");
            ApiKeyStore.Created bob = keys.create("bob");
            List<String> args = new ArrayList<>(List.of("--base", "http://127.0.0.1:" + mesh.port(), "--ws", mesh.wsUrl(""),
                    "--key", alice.apiKey(), "--secret", alice.apiSecret(),
                    "--other-key", bob.apiKey(), "--other-secret", bob.apiSecret()));
            args.addAll(List.of(extra));
            ClientScripts.python(script, args);
        }
    }
}
