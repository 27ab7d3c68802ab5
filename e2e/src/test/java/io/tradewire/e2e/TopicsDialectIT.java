package io.tradewire.e2e;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code topics} dialect (seed 003) against a real mesh, driven by the seed's own clients: its Python
 * example on {@code websockets} (with a trade over the exchange dialect, summaries and the error list, from
 * {@code e2e/python/topics_seed_flow.py}) and its JavaScript example on Node's {@code WebSocket}. Each test
 * starts its own mesh with market summaries every 500 ms.
 */
class TopicsDialectIT {
    /** A failure guard against a hung client, not a timing assertion. */
    private static final Map<String, String> FAST_SUMMARIES = Map.of("matching.summary-interval", "500ms");

    /**
     * The seed's "JavaScript 客户端示例" verbatim, except that the URL's host and port come from the command
     * line; a second message listener (test scaffolding) checks what the seed's handler sees.
     */
    private static final String SEED_JS = """
            const base = process.argv[2];

            // ---- the seed's JavaScript example (seed 003); only the host and port differ ----
            const clientId = 'my_client';
            const ws = new WebSocket(`${base}/api/v1/ws/${clientId}`);

            ws.onopen = function() {
                console.log('WebSocket 连接已建立');
            };

            ws.onmessage = function(event) {
                const data = JSON.parse(event.data);
                console.log('收到消息:', data);

                // 如果是连接确认，发送订阅请求
                if (data.type === 'connection_ack') {
                    const subscribeMessage = {
                        type: 'subscribe',
                        topic: 'stock.AAPL.1m'
                    };
                    ws.send(JSON.stringify(subscribeMessage));
                }
            };

            ws.onclose = function() {
                console.log('WebSocket 连接已关闭');
            };

            ws.onerror = function(error) {
                console.error('WebSocket 错误:', error);
            };
            // ---- end of the seed's example ----

            // Test scaffolding: the first three messages must be connection_ack, subscribe_ack, the current bar.
            const TIMESTAMP = /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}$/;
            const expected = [
                ['connection_ack for my_client', m => m.type === 'connection_ack' && m.client_id === 'my_client'
                    && TIMESTAMP.test(m.timestamp)],
                ['subscribe_ack for stock.AAPL.1m', m => m.type === 'subscribe_ack' && m.topic === 'stock.AAPL.1m'
                    && TIMESTAMP.test(m.timestamp)],
                ['the current AAPL 1m bar', m => m.type === 'data' && m.topic === 'stock.AAPL.1m' && m.snapshot === true
                    && m.data.symbol === 'AAPL' && m.data.interval === '1m' && typeof m.data.close === 'number'
                    && typeof m.data.volume === 'number' && TIMESTAMP.test(m.data.open_time)],
            ];
            let passed = 0;
            function finish(failure) {
                if (failure) {
                    console.log('FAIL ' + failure);
                }
                console.log(`${passed} passed, ${failure ? 1 : 0} failed`);
                ws.onclose = null;
                ws.close();
                process.exit(failure ? 1 : 0);
            }
            ws.addEventListener('message', event => {
                const message = JSON.parse(event.data);
                const [name, test] = expected[passed];
                let ok = false;
                try {
                    ok = test(message);
                } catch (e) {
                    ok = false;
                }
                if (!ok) {
                    finish(`expected ${name}, got ${event.data}`);
                }
                console.log('PASS ' + name);
                passed++;
                if (passed === expected.length) {
                    finish(null);
                }
            });
            ws.addEventListener('close', () => finish('the connection closed early'));
            setTimeout(() => finish('no answer within 20 s'), 20000);
            """;

    @Test
    @DisplayName("The seed's Python example flow on websockets: ack, current bar, a trade moves it, summaries, errors")
    void seedPythonFlow() throws Exception {
        try (TestMesh mesh = TestMesh.start(FAST_SUMMARIES)) {
            Path scripts = Path.of(System.getProperty("e2e.scripts", "python")).toAbsolutePath();
            ClientScripts.run(scripts, List.of(System.getProperty("e2e.python", "/usr/bin/python3"),
                    scripts.resolve("topics_seed_flow.py").toString(),
                    "--base", mesh.wsUrl(""),
                    "--exchange-url", mesh.wsUrl("/ws"),
                    "--token1", mesh.token("user001"),
                    "--token2", mesh.token("user002")));
        }
    }

    @Test
    @DisplayName("The seed's JavaScript example on Node's WebSocket: ack, subscribe_ack, the current bar")
    void seedJavaScriptExample(@TempDir Path dir) throws Exception {
        String node = System.getProperty("e2e.node", "node");
        Assumptions.assumeTrue(nodeHasWebSocket(node), "Node with --experimental-websocket is not installed");
        Path script = dir.resolve("topics_seed_example.mjs");
        Files.writeString(script, SEED_JS, StandardCharsets.UTF_8);
        try (TestMesh mesh = TestMesh.start(FAST_SUMMARIES)) {
            ClientScripts.run(dir, List.of(node, "--experimental-websocket", script.toString(), mesh.wsUrl("")));
        }
    }

    private static boolean nodeHasWebSocket(String node) {
        try {
            Process process = new ProcessBuilder(node, "--experimental-websocket", "-e",
                    "process.exit(typeof WebSocket === 'function' ? 0 : 1)").redirectErrorStream(true).start();
            process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
