package io.tradewire.e2e;

import io.tradewire.broker.fake.FakeBybit;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The fake Bybit the broker tests rely on, checked with a real client: npm {@code bybit-api} 4.7 (installed by
 * {@code e2e/bybit-client/package.json} with {@code npm ci}) authenticates on the private stream, subscribes, receives
 * order pushes and places and cancels orders over REST with its own signatures; a wrong secret is refused.
 */
class BybitClientIT {
    @Test
    @DisplayName("npm bybit-api authenticates, subscribes, receives pushes and places / cancels orders against the fake Bybit")
    void bybitApiAgainstTheFake() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (FakeBybit bybit = TestMesh.await(new FakeBybit(vertx).start(), 10)) {
            Path dir = Path.of(System.getProperty("e2e.bybit-client", "bybit-client")).toAbsolutePath();
            ClientScripts.run(dir, List.of(System.getProperty("e2e.node", "node"), "validate.js", bybit.restUrl(), bybit.privateUrl(),
                    FakeBybit.API_KEY, FakeBybit.API_SECRET));
        } finally {
            TestMesh.await(vertx.close(), 10);
        }
    }
}
