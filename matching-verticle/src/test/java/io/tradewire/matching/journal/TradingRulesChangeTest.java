package io.tradewire.matching.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.matching.codec.IncompatibleDataException;
import io.tradewire.matching.engine.RandomCommands;
import io.tradewire.matching.engine.SelfTradePrevention;
import io.tradewire.matching.engine.Venue;
import io.tradewire.matching.engine.VenueSettings;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Fees, price bands, self-trade prevention and the client order id window may change between runs, but a journal
 * record is only ever replayed under the rules it was executed with.
 */
class TradingRulesChangeTest {
    private static final long START = 1_700_000_000_000L;

    /** The stream's venue with IX2301's taker fee doubled and self-trade prevention off. */
    private static Venue changed(LongSupplier clock) {
        List<Instrument> instruments = new ArrayList<>(RandomCommands.instruments().all());
        Instrument ix = instruments.get(0);
        instruments.set(0, ix.withTradingRules(ix.makerFeeRate(), ix.takerFeeRate().multiply(BigDecimal.valueOf(2)), ix.priceBand()));
        VenueSettings settings = RandomCommands.settings();
        return new Venue("prop", new InstrumentDirectory(instruments), new VenueSettings(settings.autoOpenAccounts(),
                settings.startingBalance(), settings.currency(), settings.bookDepth(), SelfTradePrevention.NONE,
                settings.clientOrderIdWindowMillis()), clock);
    }

    private static Harness open(Path dir, Function<LongSupplier, Venue> factory) throws Exception {
        return new Harness(dir, true, JournalWriter.DEFAULT_SEGMENT_BYTES, FileChannel::open, START, factory);
    }

    private static long run(Harness harness, RandomCommands commands, int count) throws Exception {
        int before = harness.delivered.size();
        for (int i = 0; i < count; i++) {
            harness.handle(commands.next(), commands.tick(), "c" + i);
            harness.drain(before + i + 1);
            commands.observe(harness.delivered.get(harness.delivered.size() - 1).reply());
        }
        return harness.journaled.size();
    }

    @Test
    @DisplayName("Records after the snapshot are never replayed under other rules: such a start is refused and changes no file")
    void refusedWithRecordsToReplay() throws Exception {
        Path dir = Harness.newDir("rules-");
        String hash;
        try (Harness first = open(dir, RandomCommands::venue)) {
            assertThat(run(first, new RandomCommands(3), 200)).isPositive();
            hash = first.venue.venue().stateHash();
            first.venue.halt(); // a crash: the records after snapshot 0 must be replayed
        }
        Map<Path, byte[]> files = contents(dir);

        assertThatThrownBy(() -> open(dir, TradingRulesChangeTest::changed)).isInstanceOf(IncompatibleDataException.class)
                .hasMessageContaining("instrument IX2301 taker-fee-rate 0.0003 -> 0.0006")
                .hasMessageContaining("matching.self-trade-prevention cancel-newest -> none")
                .hasMessageContaining("stop cleanly");

        Map<Path, byte[]> after = contents(dir);
        assertThat(after.keySet()).isEqualTo(files.keySet());
        files.forEach((file, bytes) -> assertThat(after.get(file)).as("%s", file).isEqualTo(bytes));
        try (Harness again = open(dir, RandomCommands::venue)) {
            assertThat(again.venue.venue().stateHash()).as("recovered with the rules of the records").isEqualTo(hash);
        }
    }

    @Test
    @DisplayName("After a clean stop new rules apply at once, are recorded by a snapshot, and later records replay under them")
    void appliedAfterACleanStop() throws Exception {
        Path dir = Harness.newDir("rules-");
        RandomCommands commands = new RandomCommands(4);
        try (Harness first = open(dir, RandomCommands::venue)) {
            run(first, commands, 150);
        } // a clean stop: a snapshot of everything, nothing to replay
        String hash;
        long snapshotAt;
        try (Harness second = open(dir, TradingRulesChangeTest::changed)) {
            VenueStore.Recovered recovered = second.venue.recovered();
            assertThat(recovered.replayed()).isZero();
            assertThat(recovered.ruleChanges()).contains("instrument IX2301 taker-fee-rate 0.0003 -> 0.0006",
                    "matching.self-trade-prevention cancel-newest -> none");
            snapshotAt = recovered.lastSequence();
            assertThat(run(second, commands, 150)).isPositive();
            hash = second.venue.venue().stateHash();
            second.venue.halt(); // records under the new rules, after the snapshot that recorded them
        }
        try (Harness third = open(dir, TradingRulesChangeTest::changed)) {
            VenueStore.Recovered recovered = third.venue.recovered();
            assertThat(recovered.ruleChanges()).isEmpty();
            assertThat(recovered.snapshotSequence()).isEqualTo(snapshotAt);
            assertThat(recovered.replayed()).isPositive();
            assertThat(third.venue.venue().stateHash()).isEqualTo(hash);
        }
    }

    private static Map<Path, byte[]> contents(Path dir) throws Exception {
        Map<Path, byte[]> result = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                result.put(file.getFileName(), Files.readAllBytes(file));
            }
        }
        return result;
    }
}
