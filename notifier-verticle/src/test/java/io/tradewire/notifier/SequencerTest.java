package io.tradewire.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.StreamPartitions;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.UserClock;
import java.util.BitSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SequencerTest {
    /** A user whose streams are not in {@code partition}. */
    static String userOutside(int partition) {
        for (int i = 0; ; i++) {
            if (StreamPartitions.of("user.u" + i) != partition) {
                return "u" + i;
            }
        }
    }

    @Test
    @DisplayName("A partition started over gets the new epoch, its streams and user clocks from zero; other partitions go on")
    void restartsOnePartition() {
        Sequencer sequencer = new Sequencer(42);
        int moved = StreamPartitions.of("user.u1.orders");
        String stays = "user." + userOutside(moved) + ".orders";
        sequencer.stamp("user.u1.orders", StreamRouterTest.TRADE);
        sequencer.stamp("user.u1.account", StreamRouterTest.TRADE);
        sequencer.stamp(stays, StreamRouterTest.TRADE);

        BitSet partitions = new BitSet();
        partitions.set(moved);
        sequencer.restart(partitions, 77);

        assertThat(sequencer.epoch("user.u1.trades")).isEqualTo(77);
        assertThat(sequencer.lastSeq("user.u1.orders")).isZero();
        Push trade = sequencer.stamp("user.u1.trades", StreamRouterTest.TRADE);
        assertThat(trade.epoch()).isEqualTo(77);
        assertThat(trade.seq()).isEqualTo(1);
        assertThat(trade.clock()).isEqualTo(new UserClock(0, 1, 0, 0));
        Push other = sequencer.stamp(stays, StreamRouterTest.TRADE);
        assertThat(other.epoch()).isEqualTo(42);
        assertThat(other.seq()).isEqualTo(2);
        assertThat(sequencer.streams()).isEqualTo(2);
    }
}
