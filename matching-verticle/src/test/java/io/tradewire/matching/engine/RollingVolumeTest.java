package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RollingVolumeTest {
    private static final long MINUTE = 60_000;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 100);
    }

    /** What the window must hold: every fill of the 1,440 minutes up to the latest fill's, counted naively. */
    private record Fill(long minute, long lots) {
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("The total equals a naive sum over the last 1,440 minutes, with gaps, long pauses and a clock that steps back; "
            + "a restored copy goes on alike")
    void matchesNaiveSum(long seed) {
        Random random = new Random(seed);
        RollingVolume volume = new RollingVolume();
        Deque<Fill> fills = new ArrayDeque<>();
        long time = 1_700_000_000_000L + random.nextInt(1_000_000);
        long latestMinute = Long.MIN_VALUE;
        RollingVolume copy = null;
        for (int step = 0; step < 3_000; step++) {
            int kind = random.nextInt(100);
            time += kind < 5 ? -random.nextInt(300_000) : kind < 8 ? random.nextInt(2 * 86_400_000) : random.nextInt(120_000);
            long lots = 1 + random.nextInt(1_000);
            latestMinute = Math.max(latestMinute, Math.floorDiv(time, MINUTE));
            fills.add(new Fill(latestMinute, lots));
            long expected = 0;
            for (Fill fill : fills) {
                if (fill.minute() > latestMinute - RollingVolume.MINUTES) {
                    expected += fill.lots();
                }
            }
            assertThat(volume.add(time, lots)).as("step %d", step).isEqualTo(expected);
            if (copy != null) {
                assertThat(copy.add(time, lots)).as("restored copy at step %d", step).isEqualTo(expected);
            }
            if (step == 1_500) {
                long[] back = new long[RollingVolume.MINUTES];
                for (int b = 0; b < back.length; b++) {
                    back[b] = volume.lotsAt(b);
                }
                copy = new RollingVolume();
                copy.restore(volume.latestMinute(), back);
                assertThat(copy.total()).isEqualTo(volume.total());
            }
        }
    }
}
