package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Drives a real mesh with Python clients built on {@code websocket-client} (the library seed 001's own
 * example uses), from {@code e2e/python}. Each test starts its own mesh, so the scripts do not depend
 * on each other; each script prints its checks and exits non-zero when one fails.
 */
class PythonClientIT {
    /** A failure guard against a hung script, not a timing assertion. */

    @Test
    void twoUsersTradeWithEachOther() throws Exception {
        try (TestMesh mesh = TestMesh.start()) {
            ClientScripts.python("two_users.py",
                    "--url", mesh.wsUrl("/ws"),
                    "--token1", mesh.token("user001"),
                    "--token2", mesh.token("user002"));
        }
    }

    @Test
    void badInputIsAnsweredAndOnlyAnOversizedFrameClosesItsSocket() throws Exception {
        try (TestMesh mesh = TestMesh.start()) {
            // The expired token must be refused for its expiry alone: the same hand-made token with a
            // future expiry is accepted by the gateway's verifier.
            Instant now = Instant.now();
            String stillValid = mesh.signedToken("user001", now, now.plus(Duration.ofHours(1)));
            assertThat(TestMesh.await(mesh.tokens().authenticate(stillValid), 10)).isEqualTo("user001");
            String expired = mesh.expiredToken("user001");
            assertThat(mesh.tokens().authenticate(expired).toCompletionStage().toCompletableFuture()
                    .handle((user, error) -> error != null).get(10, TimeUnit.SECONDS))
                    .as("the expired token is refused").isTrue();

            ClientScripts.python("bad_input.py",
                    "--url", mesh.wsUrl("/ws"),
                    "--token1", mesh.token("user001"),
                    "--token2", mesh.token("user002"),
                    "--expired-token", expired,
                    "--max-frame-bytes", Integer.toString(mesh.maxFrameBytes()));
        }
    }

    @Test
    void theSeedsOwnPythonExampleWorks() throws Exception {
        try (TestMesh mesh = TestMesh.start()) {
            ClientScripts.python("seed_example.py",
                    "--url", mesh.wsUrl("/ws"),
                    "--token", mesh.token("user001"));
        }
    }
}
