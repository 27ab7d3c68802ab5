package io.tradewire.matching;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.vertx.core.json.JsonObject;

/** A small root configuration, as the YAML defaults would produce it (values as YAML scalars or strings). */
final class TestConfig {
    static final String VENUE = "testvenue";

    private TestConfig() {
    }

    /** A root configuration whose data dir is a new empty directory under {@code target/}. */
    static JsonObject root() {
        return root(newDataDir());
    }

    static Path newDataDir() {
        try {
            Path parent = Files.createDirectories(Path.of("target", "test-data"));
            return Files.createTempDirectory(parent, "venue-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonObject root(Path dataDir) {
        return new JsonObject()
                .put("data-dir", dataDir.toString())
                .put("matching", new JsonObject()
                        .put("venue", VENUE)
                        .put("auto-open-accounts", true)
                        .put("starting-balance", 100000)
                        .put("currency", "USD")
                        .put("book-depth", 5)
                        // Quiet for the tests that count events; the summary test deploys its own venue with a short one.
                        .put("summary-interval", "1h"))
                .put("notifier", new JsonObject())
                .put("instruments", new JsonArray()
                        .add(instrument("IX2301", "futures", "venue", "0.1", "300", "0.12", "120"))
                        .add(instrument("AAPL", "stock", "venue", "0.01", "1", "1", "190"))
                        .add(instrument("ESZ5", "futures", "ib", "0.25", "50", "0.1", "6000")));
    }

    static JsonObject instrument(String symbol, String kind, String route, String tick, String multiplier, String marginRate,
            String reference) {
        return new JsonObject()
                .put("symbol", symbol)
                .put("kind", kind)
                .put("route", route)
                .put("tick-size", tick)
                .put("lot-size", 1)
                .put("multiplier", multiplier)
                .put("margin-rate", marginRate)
                .put("currency", "USD")
                .put("reference-price", reference);
    }
}
