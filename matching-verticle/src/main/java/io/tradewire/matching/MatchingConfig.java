package io.tradewire.matching;

import io.tradewire.matching.engine.SelfTradePrevention;
import io.tradewire.matching.engine.VenueSettings;
import io.tradewire.matching.replication.ReplicationConfig;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * The {@code matching} section of the configuration, plus the top-level {@code instruments}, read once
 * at start. Invalid values throw {@link ConfigException} (the deployment fails); unknown keys under
 * {@code matching} are logged as warnings.
 *
 * @param venue            the venue this verticle serves: its command address is {@code matching.<venue>};
 *                         {@code matching.venue} unless the verticle was deployed for one venue of {@code matching.venues}
 * @param autoOpenAccounts open an account with {@code startingBalance} for any user on first use
 * @param startingBalance  balance of auto-opened accounts (not negative)
 * @param currency         settlement currency of every account of this venue ({@code matching.venue-currencies.<venue>},
 *                         else {@code matching.currency}); the venue's instruments must settle in it
 * @param bookDepth        levels per side in book events (1..1000)
 * @param summaryInterval  how often one {@code MarketSummary} per region is published (100ms..1h)
 * @param instruments      the instrument directory (only the instruments of {@code venue} trade here:
 *                         {@link Instrument#tradedOn})
 * @param journalEnabled   journal every accepted state change and recover from it at start (off: state lives in memory only)
 * @param journalFsync     fsync each group of records before acknowledging them (off: unsafe, survives a killed
 *                         process but not a power loss or kernel crash)
 * @param journalCommitInterval the least time between the starts of two group commits (0..100ms; 0: commit as soon as
 *                         the last fsync returned): fewer, larger fsyncs for up to this much more acknowledgement latency
 * @param snapshotInterval how often a snapshot is taken when something changed (1s..24h)
 * @param dataDir          the root {@code data-dir}: the venue keeps its files in {@code <data-dir>/venues/<venue>/}
 * @param selfTradePrevention what happens when an incoming order would trade with the same user's resting order
 * @param clientOrderIdWindow how long after its order finished a client order id still counts as a duplicate (0..30d)
 * @param finishedOrderRetention how long a finished order stays queryable (the client order id window..30d)
 * @param maxFinishedOrders  how many finished orders the venue keeps at most (the oldest are forgotten first)
 * @param venues           {@code matching.venues}: the venues this node runs, one matching verticle each (empty: only
 *                         {@code venue})
 * @param replication      {@code matching.replication}: the venue's replicas, or null when it is not replicated (then
 *                         the single-node journal keeps it)
 * @param defaultVenue     {@code matching.venue}: the default venue, which trades the instruments routed {@code venue};
 *                         every other venue prefixes its order ids with its name
 */
public record MatchingConfig(
        String venue,
        boolean autoOpenAccounts,
        BigDecimal startingBalance,
        String currency,
        int bookDepth,
        Duration summaryInterval,
        InstrumentDirectory instruments,
        boolean journalEnabled,
        boolean journalFsync,
        Duration journalCommitInterval,
        Duration snapshotInterval,
        Path dataDir,
        SelfTradePrevention selfTradePrevention,
        Duration clientOrderIdWindow,
        Duration finishedOrderRetention,
        int maxFinishedOrders,
        List<String> venues,
        ReplicationConfig replication,
        String defaultVenue) {

    public static final String SECTION = "matching";
    public static final String DEFAULT_VENUE = "tradewire";
    public static final boolean DEFAULT_AUTO_OPEN_ACCOUNTS = true;
    public static final BigDecimal DEFAULT_STARTING_BALANCE = new BigDecimal("1000000");
    public static final String DEFAULT_CURRENCY = "USD";
    public static final int DEFAULT_BOOK_DEPTH = 10;
    public static final Duration DEFAULT_SUMMARY_INTERVAL = Duration.ofSeconds(5);
    public static final Duration MIN_SUMMARY_INTERVAL = Duration.ofMillis(100);
    public static final Duration MAX_SUMMARY_INTERVAL = Duration.ofHours(1);
    public static final boolean DEFAULT_JOURNAL_ENABLED = true;
    public static final boolean DEFAULT_JOURNAL_FSYNC = true;
    public static final Duration DEFAULT_JOURNAL_COMMIT_INTERVAL = Duration.ZERO;
    public static final Duration MAX_JOURNAL_COMMIT_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_SNAPSHOT_INTERVAL = Duration.ofMinutes(1);
    public static final Duration MIN_SNAPSHOT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_SNAPSHOT_INTERVAL = Duration.ofHours(24);
    /** The root key shared with the gateway (demo key) and the default of {@code data-dir}. */
    public static final String DATA_DIR_KEY = "data-dir";
    public static final String DEFAULT_DATA_DIR = "data";
    public static final SelfTradePrevention DEFAULT_SELF_TRADE_PREVENTION = SelfTradePrevention.CANCEL_NEWEST;
    public static final Duration DEFAULT_CLIENT_ORDER_ID_WINDOW = Duration.ofMillis(VenueSettings.DEFAULT_CLIENT_ORDER_ID_WINDOW_MILLIS);
    public static final Duration MAX_CLIENT_ORDER_ID_WINDOW = Duration.ofMillis(VenueSettings.MAX_CLIENT_ORDER_ID_WINDOW_MILLIS);
    public static final Duration DEFAULT_FINISHED_ORDER_RETENTION =
            Duration.ofMillis(VenueSettings.DEFAULT_FINISHED_ORDER_RETENTION_MILLIS);
    public static final Duration MAX_FINISHED_ORDER_RETENTION = Duration.ofMillis(VenueSettings.MAX_FINISHED_ORDER_RETENTION_MILLIS);

    private static final Pattern VENUE_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    /** Reads and validates the configuration from the root configuration object, for the venue {@code matching.venue}. */
    public static MatchingConfig from(JsonObject root, Logger log) {
        return from(root, log, null);
    }

    /**
     * Reads and validates the configuration from the root configuration object, for the venue {@code served} (one of
     * {@code matching.venues}) or, when null, {@code matching.venue}.
     */
    public static MatchingConfig from(JsonObject root, Logger log, String served) {
        ConfigReader reader = ConfigReader.of(root, SECTION);
        String defaultVenue = reader.string("venue", DEFAULT_VENUE);
        checkVenueName(reader.key("venue"), defaultVenue);
        String venue = served == null ? defaultVenue : served;
        checkVenueName(reader.key("venues"), venue);
        List<String> listed = reader.stringList("venues", List.of());
        List<String> venues = served == null ? listed : List.of();
        Set<String> distinct = new HashSet<>();
        for (String name : listed) {
            checkVenueName(reader.key("venues"), name);
            if (!distinct.add(name)) {
                throw new ConfigException(reader.key("venues"), "lists venue '" + name + "' twice");
            }
        }
        boolean autoOpen = reader.bool("auto-open-accounts", DEFAULT_AUTO_OPEN_ACCOUNTS);
        BigDecimal startingBalance = reader.decimal("starting-balance", DEFAULT_STARTING_BALANCE);
        if (startingBalance.signum() < 0) {
            throw new ConfigException(reader.key("starting-balance"), "must not be negative, got " + startingBalance.toPlainString());
        }
        String defaultCurrency = reader.string("currency", DEFAULT_CURRENCY);
        if (!CURRENCY.matcher(defaultCurrency).matches()) {
            throw new ConfigException(reader.key("currency"), "must be a currency code such as USD, got '" + defaultCurrency + "'");
        }
        Map<String, String> venueCurrencies = reader.stringMap("venue-currencies");
        venueCurrencies.forEach((name, code) -> {
            checkVenueName(reader.key("venue-currencies"), name);
            if (!CURRENCY.matcher(code).matches()) {
                throw new ConfigException(reader.key("venue-currencies") + "." + name, "must be a currency code such as USDT, got '"
                        + code + "'");
            }
        });
        String currency = venueCurrencies.getOrDefault(venue, defaultCurrency);
        int bookDepth = reader.integer("book-depth", DEFAULT_BOOK_DEPTH, 1, VenueSettings.MAX_BOOK_DEPTH);
        Duration summaryInterval = reader.duration("summary-interval", DEFAULT_SUMMARY_INTERVAL, MIN_SUMMARY_INTERVAL,
                MAX_SUMMARY_INTERVAL);
        ConfigReader journal = reader.section("journal");
        boolean journalEnabled = journal.bool("enabled", DEFAULT_JOURNAL_ENABLED);
        boolean journalFsync = journal.bool("fsync", DEFAULT_JOURNAL_FSYNC);
        Duration journalCommitInterval = journal.duration("commit-interval", DEFAULT_JOURNAL_COMMIT_INTERVAL, Duration.ZERO,
                MAX_JOURNAL_COMMIT_INTERVAL);
        Duration snapshotInterval = reader.duration("snapshot-interval", DEFAULT_SNAPSHOT_INTERVAL, MIN_SNAPSHOT_INTERVAL,
                MAX_SNAPSHOT_INTERVAL);
        SelfTradePrevention selfTradePrevention;
        try {
            selfTradePrevention = SelfTradePrevention.parse(reader.string("self-trade-prevention",
                    DEFAULT_SELF_TRADE_PREVENTION.wireName()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(reader.key("self-trade-prevention"), e.getMessage());
        }
        Duration clientOrderIdWindow = reader.duration("client-order-id-window", DEFAULT_CLIENT_ORDER_ID_WINDOW, Duration.ZERO,
                MAX_CLIENT_ORDER_ID_WINDOW);
        Duration finishedOrderRetention = reader.duration("finished-order-retention",
                DEFAULT_FINISHED_ORDER_RETENTION.compareTo(clientOrderIdWindow) >= 0 ? DEFAULT_FINISHED_ORDER_RETENTION : clientOrderIdWindow,
                Duration.ZERO, MAX_FINISHED_ORDER_RETENTION);
        if (finishedOrderRetention.compareTo(clientOrderIdWindow) < 0) {
            throw new ConfigException(reader.key("finished-order-retention"), "must be at least " + reader.key("client-order-id-window")
                    + " (" + clientOrderIdWindow + "): a client order id is recognised as a duplicate only while its order is kept");
        }
        int maxFinishedOrders = reader.integer("max-finished-orders", VenueSettings.DEFAULT_MAX_FINISHED_ORDERS, 0,
                VenueSettings.MAX_FINISHED_ORDERS);
        String dataDir = ConfigReader.of(root, "").string(DATA_DIR_KEY, DEFAULT_DATA_DIR);
        if (dataDir.isBlank()) {
            throw new ConfigException(DATA_DIR_KEY, "must name a directory");
        }
        InstrumentDirectory instruments = InstrumentDirectory.fromConfig(ConfigReader.of(root, ""));
        List<String> servedVenues = venues.isEmpty() ? List.of(venue) : venues;
        for (Instrument instrument : instruments.all()) {
            String tradedOn = instrument.venue(defaultVenue);
            String accounts = tradedOn == null ? null : venueCurrencies.getOrDefault(tradedOn, defaultCurrency);
            if (tradedOn != null && servedVenues.contains(tradedOn) && !instrument.currency().equals(accounts)) {
                throw new ConfigException("instruments", "instrument " + instrument.symbol() + " is routed to venue " + tradedOn
                        + " but settles in " + instrument.currency() + ", not in the venue's account currency " + accounts + " ("
                        + (venueCurrencies.containsKey(tradedOn) ? reader.key("venue-currencies") + "." + tradedOn
                                : reader.key("currency")) + ")");
            }
        }
        ReplicationConfig replication = ReplicationConfig.from(reader.section(ReplicationConfig.SECTION), root, venue);
        reader.warnUnknown(log);
        Path dataPath;
        try {
            dataPath = Path.of(dataDir);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException(DATA_DIR_KEY, "is not a valid path: " + e.getMessage());
        }
        return new MatchingConfig(venue, autoOpen, startingBalance, currency, bookDepth, summaryInterval, instruments,
                journalEnabled, journalFsync, journalCommitInterval, snapshotInterval, dataPath, selfTradePrevention, clientOrderIdWindow,
                finishedOrderRetention, maxFinishedOrders, venues, replication, defaultVenue);
    }

    private static void checkVenueName(String key, String venue) {
        if (!VENUE_NAME.matcher(venue).matches() || !StreamKeys.isValidSegment(venue)) {
            throw new ConfigException(key, "must match [A-Za-z0-9_-]+ (at most 64 characters), got '" + venue + "'");
        }
    }

    /** Where a replicated venue keeps its Raft log and snapshots: {@code <data-dir>/raft/<venue>}. */
    public Path raftDir() {
        return dataDir.resolve("raft").resolve(venue);
    }

    /** Where this venue's journal and snapshots live: {@code <data-dir>/venues/<venue>}. */
    public Path venueDir() {
        return dataDir.resolve("venues").resolve(venue);
    }

    public VenueSettings settings() {
        return new VenueSettings(autoOpenAccounts, startingBalance, currency, bookDepth, selfTradePrevention,
                clientOrderIdWindow.toMillis(), finishedOrderRetention.toMillis(), maxFinishedOrders);
    }
}
