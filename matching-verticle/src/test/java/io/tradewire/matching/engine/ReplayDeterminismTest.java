package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.matching.codec.ByteIn;
import io.tradewire.model.BarInterval;
import io.tradewire.model.Instrument;
import io.tradewire.model.RejectedException;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryBar;
import io.tradewire.model.command.QueryBook;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.QuerySummary;
import io.tradewire.model.command.SubmitOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replay determinism over many seeds: a venue run live (with the wall clock, queries, rejections), the
 * same journal replayed from scratch, and a snapshot taken at a random point plus the journal after it
 * must end in the same state, by hash and by every query a client can make.
 */
class ReplayDeterminismTest {
    private static final int STEPS = 1_500;

    private record Journaled(long timestamp, Command command) {
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 120);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("Live run, full replay and snapshot + replay give the same state hash and answer every query alike")
    void liveSnapshotAndReplayAgree(long seed) throws Exception {
        RandomCommands commands = new RandomCommands(seed);
        Venue live = RandomCommands.venue(commands::now);
        String initialHash = live.stateHash();
        List<Journaled> journal = new ArrayList<>();
        int snapshotStep = commands.random().nextInt(STEPS);
        byte[] snapshot = null;
        int journalAtSnapshot = 0;
        String hashAtSnapshot = null;
        int rejected = 0;
        Map<String, Integer> kinds = new HashMap<>();
        int lastEffective = -1; // the last journaled command that changed something (an amend to the same values does not)
        for (int step = 0; step < STEPS; step++) {
            long now = commands.tick();
            Command command = commands.next();
            try {
                EventSink generator = commands.events();
                int[] published = new int[1];
                commands.observe(live.handle(command, now, event -> {
                    published[0]++;
                    generator.publish(event);
                }));
                if (Venue.changesState(command)) {
                    journal.add(new Journaled(now, command));
                    if (published[0] > 0) {
                        lastEffective = journal.size() - 1;
                    }
                    kinds.merge(command instanceof SubmitOrder submit && submit.postOnly() ? "PostOnly"
                            : command.getClass().getSimpleName(), 1, Integer::sum);
                }
            } catch (RejectedException e) {
                rejected++;
            }
            if (step == snapshotStep) {
                snapshot = VenueSnapshot.encode(live);
                journalAtSnapshot = journal.size();
                hashAtSnapshot = live.stateHash();
            }
        }
        String liveHash = live.stateHash();

        Venue full = RandomCommands.replayVenue();
        replay(full, journal);

        Venue restored = RandomCommands.replayVenue();
        VenueSnapshot.restore(restored, new ByteIn(snapshot));
        assertThat(restored.stateHash()).as("restored snapshot vs live at step %d", snapshotStep).isEqualTo(hashAtSnapshot);
        replay(restored, journal.subList(journalAtSnapshot, journal.size()));

        Venue fromFinal = RandomCommands.replayVenue();
        VenueSnapshot.restore(fromFinal, new ByteIn(VenueSnapshot.encode(live)));

        assertThat(full.stateHash()).as("full replay").isEqualTo(liveHash);
        assertThat(restored.stateHash()).as("snapshot + replay").isEqualTo(liveHash);
        assertThat(fromFinal.stateHash()).as("final snapshot").isEqualTo(liveHash);
        long at = commands.now() + 1;
        List<Object> expected = answers(live, commands.orderIds(), at);
        assertThat(answers(full, commands.orderIds(), at)).as("queries after full replay").isEqualTo(expected);
        assertThat(answers(restored, commands.orderIds(), at)).as("queries after snapshot + replay").isEqualTo(expected);
        assertThat(answers(fromFinal, commands.orderIds(), at)).as("queries after final snapshot").isEqualTo(expected);

        // The property has teeth: the stream did things, and one command less is a different state.
        assertThat(journal).hasSizeGreaterThan(STEPS / 3);
        assertThat(kinds).as("journaled commands by kind").containsKeys("SubmitOrder", "PostOnly", "CancelOrder", "AmendOrder",
                "Deposit", "Withdraw");
        assertThat(rejected).isGreaterThan(STEPS / 50);
        assertThat(liveHash).isNotEqualTo(initialHash);
        Venue shorter = RandomCommands.replayVenue();
        replay(shorter, journal.subList(0, lastEffective));
        assertThat(shorter.stateHash()).as("state without the last journaled command that changed something").isNotEqualTo(liveHash);
    }

    private static void replay(Venue venue, List<Journaled> records) {
        for (Journaled record : records) {
            venue.handle(record.command(), record.timestamp(), EventSink.DISCARD); // a refusal here fails the test
        }
        venue.validateInternalState();
    }

    /** Everything a client can ask, at one fixed time. */
    private static List<Object> answers(Venue venue, List<String> orderIds, long at) {
        List<Object> answers = new ArrayList<>();
        for (String user : RandomCommands.USERS) {
            answers.add(venue.handle(new QueryAccount(user), at, EventSink.DISCARD));
            answers.add(venue.handle(new QueryOrders(user), at, EventSink.DISCARD));
            answers.add(venue.handle(new QueryPositions(user, null), at, EventSink.DISCARD));
            for (String id : orderIds) {
                try {
                    answers.add(venue.handle(new QueryOrder(user, id), at, EventSink.DISCARD));
                } catch (RejectedException e) {
                    answers.add(e.code());
                }
            }
        }
        for (Instrument instrument : RandomCommands.INSTRUMENTS) {
            answers.add(venue.handle(new QueryBook(instrument.symbol()), at, EventSink.DISCARD));
            for (BarInterval interval : BarInterval.values()) {
                answers.add(venue.handle(new QueryBar(instrument.symbol(), interval.wireName()), at, EventSink.DISCARD));
            }
        }
        answers.add(venue.handle(new QuerySummary("US"), at, EventSink.DISCARD));
        return answers;
    }
}
