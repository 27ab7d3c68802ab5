package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.matching.codec.ByteIn;
import io.tradewire.matching.codec.CorruptDataException;
import io.tradewire.model.RejectedException;
import io.tradewire.model.command.Command;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VenueSnapshotTest {
    private static Venue busyVenue() {
        RandomCommands commands = new RandomCommands(99);
        Venue venue = RandomCommands.venue(commands::now);
        for (int i = 0; i < 400; i++) {
            long now = commands.tick();
            Command command = commands.next();
            try {
                commands.observe(venue.handle(command, now, EventSink.DISCARD));
            } catch (RejectedException e) {
                // part of the stream
            }
        }
        return venue;
    }

    @Test
    @DisplayName("A snapshot restores to the same state hash; it needs a fresh venue")
    void roundTrip() throws Exception {
        Venue venue = busyVenue();
        Venue restored = RandomCommands.replayVenue();
        VenueSnapshot.restore(restored, new ByteIn(VenueSnapshot.encode(venue)));
        assertThat(restored.stateHash()).isEqualTo(venue.stateHash());
        assertThatThrownBy(() -> VenueSnapshot.restore(restored, new ByteIn(VenueSnapshot.encode(venue))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("Every truncation of a snapshot body is reported as corrupt, never as an unchecked error")
    void truncations() {
        byte[] image = VenueSnapshot.encode(busyVenue());
        assertThat(image.length).isGreaterThan(5_000);
        for (int length = 0; length < image.length; length += length < 2_000 ? 1 : 97) {
            byte[] cut = Arrays.copyOf(image, length);
            assertThatThrownBy(() -> VenueSnapshot.restore(RandomCommands.replayVenue(), new ByteIn(cut)))
                    .as("cut at %d of %d", length, image.length).isInstanceOf(CorruptDataException.class);
        }
    }

    @Test
    @DisplayName("Pristine accounts (opened by a query, never used) are left out of snapshots and the hash")
    void pristineAccounts() {
        Venue venue = RandomCommands.venue(() -> 1_700_000_000_000L);
        String empty = venue.stateHash();
        venue.handle(new io.tradewire.model.command.QueryAccount("someone"), 1_700_000_000_000L, EventSink.DISCARD);
        assertThat(venue.stateHash()).isEqualTo(empty);
        assertThat(VenueSnapshot.encode(venue)).isEqualTo(VenueSnapshot.encode(RandomCommands.venue(() -> 0L)));
    }
}
