package io.tradewire.e2e;


import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code ib} dialect (seed 000) driven by Python clients built on {@code websockets}, the library of
 * the seed's own example, from {@code e2e/python/ib_*.py}. Each test starts its own mesh; each script
 * prints its checks and exits non-zero when one fails.
 */
class IbDialectIT {
    /** A failure guard against a hung script, not a timing assertion. */
    private static final String PATH = "/websocket/ws";

    @Test
    @DisplayName("The seed's Python example flow: connect with client_id, subscribe, ping, get_orders")
    void theSeedsOwnPythonExampleWorks() throws Exception {
        try (TestMesh mesh = TestMesh.start()) {
            ClientScripts.python("ib_seed_example.py",
                    "--url", mesh.wsUrl(PATH),
                    "--token", mesh.token("user001"),
                    "--user-id", "user001");
        }
    }

    @Test
    @DisplayName("Tokens in the query and the Bearer header, orders from the exchange dialect, market data and every error path")
    void ordersAccountsMarketDataAndErrors() throws Exception {
        try (TestMesh mesh = TestMesh.start()) {
            ClientScripts.python("ib_dialect.py",
                    "--url", mesh.wsUrl(PATH),
                    "--exchange-url", mesh.wsUrl("/ws"),
                    "--token1", mesh.token("user001"),
                    "--token2", mesh.token("user002"),
                    "--expired-token", mesh.expiredToken("user001"));
        }
    }
}
