package io.tradewire.e2e;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Delivery guarantees with real clients: a Python client ({@code websocket-client}) that drops its connection during
 * a burst of fills and resumes over the {@code exchange} dialect, with the notifier's history long enough and too
 * short. Each test starts its own mesh.
 */
class DeliveryIT {

    @Test
    @DisplayName("A client that drops during a burst of fills resumes with no gap and no duplicate")
    void resumeDuringABurst() throws Exception {
        try (TestMesh mesh = TestMesh.start()) {
            ClientScripts.python("resume_burst.py", "--url", mesh.wsUrl("/ws"), "--token1", mesh.token("user001"),
                    "--token2", mesh.token("user002"), "--mode", "live");
        }
    }

    @Test
    @DisplayName("A resume after the history expired is answered recovered:false, then resync and a fresh snapshot")
    void resumeAfterTheHistoryExpired() throws Exception {
        try (TestMesh mesh = TestMesh.start(Map.of("notifier.history.max-messages", "2"))) {
            ClientScripts.python("resume_burst.py", "--url", mesh.wsUrl("/ws"), "--token1", mesh.token("user001"),
                    "--token2", mesh.token("user002"), "--mode", "expired");
        }
    }
}
