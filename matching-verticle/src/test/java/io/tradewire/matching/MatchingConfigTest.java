package io.tradewire.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tradewire.matching.engine.SelfTradePrevention;
import io.tradewire.model.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class MatchingConfigTest {
    private final Logger log = (Logger) LoggerFactory.getLogger("matching-config-test");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    MatchingConfigTest() {
        logged.start();
        log.addAppender(logged);
    }

    @Test
    @DisplayName("An empty configuration gives the documented defaults and no instruments")
    void defaults() {
        MatchingConfig config = MatchingConfig.from(new JsonObject(), log);

        assertThat(config.venue()).isEqualTo("tradewire");
        assertThat(config.autoOpenAccounts()).isTrue();
        assertThat(config.startingBalance()).isEqualByComparingTo("1000000");
        assertThat(config.currency()).isEqualTo("USD");
        assertThat(config.bookDepth()).isEqualTo(10);
        assertThat(config.summaryInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.instruments().all()).isEmpty();
        assertThat(config.journalEnabled()).isTrue();
        assertThat(config.journalFsync()).isTrue();
        assertThat(config.journalCommitInterval()).isZero();
        assertThat(config.snapshotInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.venueDir()).isEqualTo(Path.of("data", "venues", "tradewire"));
        assertThat(config.selfTradePrevention()).isEqualTo(SelfTradePrevention.CANCEL_NEWEST);
        assertThat(config.clientOrderIdWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(config.settings().clientOrderIdWindowMillis()).isEqualTo(86_400_000L);
        assertThat(logged.list).isEmpty();
    }

    @Test
    @DisplayName("Self-trade prevention and the client order id window are read (any letter case); invalid values name their key")
    void orderHandlingKeys() {
        JsonObject root = TestConfig.root();
        root.getJsonObject("matching").put("self-trade-prevention", "NONE").put("client-order-id-window", "10m");

        MatchingConfig config = MatchingConfig.from(root, log);

        assertThat(config.settings().selfTradePrevention()).isEqualTo(SelfTradePrevention.NONE);
        assertThat(config.settings().clientOrderIdWindowMillis()).isEqualTo(600_000L);
        assertInvalid("self-trade-prevention", "matching.self-trade-prevention", "cancel-oldest");
        assertInvalid("client-order-id-window", "matching.client-order-id-window", "31d");
        assertInvalid("client-order-id-window", "matching.client-order-id-window", "soon");
        assertThat(logged.list).isEmpty();
    }

    @Test
    @DisplayName("Finished orders are kept 24 h and at most 200,000 by default; the retention follows a longer client order id "
            + "window and may not be shorter than it")
    void finishedOrderKeys() {
        MatchingConfig defaults = MatchingConfig.from(TestConfig.root(), log);
        assertThat(defaults.settings().finishedOrderRetentionMillis()).isEqualTo(86_400_000L);
        assertThat(defaults.settings().maxFinishedOrders()).isEqualTo(200_000);

        JsonObject longWindow = TestConfig.root();
        longWindow.getJsonObject("matching").put("client-order-id-window", "3d");
        assertThat(MatchingConfig.from(longWindow, log).settings().finishedOrderRetentionMillis()).isEqualTo(3 * 86_400_000L);

        JsonObject root = TestConfig.root();
        root.getJsonObject("matching").put("finished-order-retention", "2d").put("max-finished-orders", 10);
        MatchingConfig config = MatchingConfig.from(root, log);
        assertThat(config.settings().finishedOrderRetentionMillis()).isEqualTo(2 * 86_400_000L);
        assertThat(config.settings().maxFinishedOrders()).isEqualTo(10);

        assertInvalid("finished-order-retention", "matching.finished-order-retention", "1h");
        assertInvalid("finished-order-retention", "matching.finished-order-retention", "31d");
        assertInvalid("max-finished-orders", "matching.max-finished-orders", "-1");
        assertThat(logged.list).isEmpty();
    }

    @Test
    @DisplayName("Journal keys and the root data-dir are read; the venue's files live under <data-dir>/venues/<venue>")
    void journalKeys() {
        JsonObject root = TestConfig.root(Path.of("/var/lib/tw"));
        root.getJsonObject("matching").put("journal", new JsonObject().put("enabled", "false").put("fsync", false)
                        .put("commit-interval", "500us"))
                .put("snapshot-interval", "10s");

        MatchingConfig config = MatchingConfig.from(root, log);

        assertThat(config.journalEnabled()).isFalse();
        assertThat(config.journalFsync()).isFalse();
        assertThat(config.journalCommitInterval()).isEqualTo(Duration.ofNanos(500_000));
        assertThat(config.snapshotInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.venueDir()).isEqualTo(Path.of("/var/lib/tw", "venues", TestConfig.VENUE));
        assertThat(logged.list).isEmpty();
    }

    @Test
    @DisplayName("Invalid journal values fail naming their key; unknown keys under matching.journal are warned about")
    void invalidJournalKeys() {
        assertInvalid("snapshot-interval", "matching.snapshot-interval", "500ms");
        assertInvalid("snapshot-interval", "matching.snapshot-interval", "2d");
        assertInvalid("snapshot-interval", "matching.snapshot-interval", "often");
        assertInvalid("journal", "matching.journal.enabled", new JsonObject().put("enabled", "maybe"));
        assertInvalid("journal", "matching.journal.fsync", new JsonObject().put("fsync", 1));
        assertInvalid("journal", "matching.journal.commit-interval", new JsonObject().put("commit-interval", "101ms"));
        assertInvalid("journal", "matching.journal.commit-interval", new JsonObject().put("commit-interval", "-1ms"));
        assertInvalid("journal", "matching.journal.commit-interval", new JsonObject().put("commit-interval", "soon"));
        JsonObject root = TestConfig.root();
        root.put("data-dir", " ");
        assertThatThrownBy(() -> MatchingConfig.from(root, log)).isInstanceOf(ConfigException.class).hasMessageContaining("data-dir");

        JsonObject unknown = TestConfig.root();
        unknown.getJsonObject("matching").put("journal", new JsonObject().put("segment-size", "1g"));
        MatchingConfig.from(unknown, log);
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("Unknown configuration key 'matching.journal.segment-size' is ignored");
    }

    @Test
    @DisplayName("Values are read from the matching section, strings included, and instruments from the root")
    void readsValues() {
        JsonObject root = TestConfig.root();
        root.getJsonObject("matching").put("auto-open-accounts", "false").put("starting-balance", "2500.50");

        MatchingConfig config = MatchingConfig.from(root, log);

        assertThat(config.venue()).isEqualTo(TestConfig.VENUE);
        assertThat(config.autoOpenAccounts()).isFalse();
        assertThat(config.startingBalance()).isEqualByComparingTo("2500.50");
        assertThat(config.bookDepth()).isEqualTo(5);
        assertThat(config.summaryInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(config.instruments().all()).hasSize(3);
        assertThat(config.settings().bookDepth()).isEqualTo(5);
    }

    @Test
    @DisplayName("The summary interval takes any duration from 100ms to 1h, bounds included")
    void summaryIntervalBounds() {
        JsonObject root = TestConfig.root();
        root.getJsonObject("matching").put("summary-interval", "100ms");
        assertThat(MatchingConfig.from(root, log).summaryInterval()).isEqualTo(Duration.ofMillis(100));
        root.getJsonObject("matching").put("summary-interval", "PT1H");
        assertThat(MatchingConfig.from(root, log).summaryInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(logged.list).isEmpty();
    }

    @Test
    @DisplayName("Invalid values fail with a ConfigException naming the key")
    void invalidValues() {
        assertInvalid("venue", "matching.venue", "bad.name");
        assertInvalid("venue", "matching.venue", "");
        assertInvalid("starting-balance", "matching.starting-balance", "-1");
        assertInvalid("starting-balance", "matching.starting-balance", "lots");
        assertInvalid("book-depth", "matching.book-depth", 0);
        assertInvalid("book-depth", "matching.book-depth", 1001);
        assertInvalid("auto-open-accounts", "matching.auto-open-accounts", "maybe");
        assertInvalid("currency", "matching.currency", "US DOLLAR");
        assertInvalid("summary-interval", "matching.summary-interval", "99ms");
        assertInvalid("summary-interval", "matching.summary-interval", "61m");
        assertInvalid("summary-interval", "matching.summary-interval", "soon");
    }

    @Test
    @DisplayName("A venue instrument settling in another currency than the accounts is a configuration error")
    void currencyMismatch() {
        JsonObject root = TestConfig.root();
        root.getJsonObject("matching").put("currency", "EUR");

        assertThatThrownBy(() -> MatchingConfig.from(root, log)).isInstanceOf(ConfigException.class).hasMessageContaining("IX2301");
    }

    @Test
    @DisplayName("Only the instruments of the venues this node runs must settle in its currency; another venue's may differ")
    void currencyOfOtherVenues() {
        JsonObject root = new JsonObject().put("instruments", new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("symbol", "IX").put("currency", "USD"))
                .add(new JsonObject().put("symbol", "BTC").put("route", "venue:crypto").put("currency", "USDT")));
        MatchingConfig config = MatchingConfig.from(root, log);
        assertThat(config.venue()).isEqualTo("tradewire");
        assertThat(config.defaultVenue()).isEqualTo("tradewire");

        MatchingConfig crypto = MatchingConfig.from(root.copy().put("matching", new JsonObject().put("currency", "USDT")), log, "crypto");
        assertThat(crypto.venue()).isEqualTo("crypto");
        assertThat(crypto.defaultVenue()).isEqualTo("tradewire");
        assertThat(crypto.raftDir().toString()).endsWith("crypto");

        JsonObject both = root.copy().put("matching", new JsonObject().put("venues", "tradewire,crypto"));
        assertThatThrownBy(() -> MatchingConfig.from(both, log)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("BTC").hasMessageContaining("venue crypto");
        // Each venue its own account currency: both venues on one node.
        JsonObject perVenue = root.copy().put("matching", new JsonObject().put("venues", "tradewire,crypto")
                .put("venue-currencies", "crypto=USDT"));
        assertThat(MatchingConfig.from(perVenue, log).currency()).isEqualTo("USD");
        assertThat(MatchingConfig.from(perVenue, log, "crypto").currency()).isEqualTo("USDT");
        assertThat(MatchingConfig.from(perVenue, log, "crypto").settings().currency()).isEqualTo("USDT");
        JsonObject wrong = root.copy().put("matching", new JsonObject().put("venue-currencies", "tradewire=EUR"));
        assertThatThrownBy(() -> MatchingConfig.from(wrong, log)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("IX").hasMessageContaining("matching.venue-currencies.tradewire");
        JsonObject badCode = root.copy().put("matching", new JsonObject().put("venue-currencies", "crypto=US DT"));
        assertThatThrownBy(() -> MatchingConfig.from(badCode, log)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("matching.venue-currencies.crypto");
    }

    @Test
    @DisplayName("Unknown keys under matching are warned about, not fatal; other sections are not matching's business")
    void unknownKeys() {
        JsonObject root = TestConfig.root();
        root.getJsonObject("matching").put("journal-dir", "x");

        MatchingConfig.from(root, log);

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("Unknown configuration key 'matching.journal-dir' is ignored");
    }

    private void assertInvalid(String key, String fullKey, Object value) {
        JsonObject root = TestConfig.root();
        root.getJsonObject("matching").put(key, value);
        assertThatThrownBy(() -> MatchingConfig.from(root, log)).isInstanceOf(ConfigException.class).hasMessageContaining(fullKey);
    }
}
