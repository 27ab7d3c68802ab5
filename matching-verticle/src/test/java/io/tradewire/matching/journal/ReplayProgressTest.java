package io.tradewire.matching.journal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ReplayProgressTest {

    @Test
    @DisplayName("A replay logs its progress at most once per interval, with records, share of bytes and rate")
    void logsAtMostOncePerInterval() {
        Logger log = (Logger) LoggerFactory.getLogger("replay-progress-test");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        AtomicLong clock = new AtomicLong();
        long second = 1_000_000_000L;
        ReplayProgress progress = new ReplayProgress("v", 1_000_000, 2 * second, log, clock::get);
        int batch = ReplayProgress.CHECK_EVERY;
        for (int i = 0; i < batch; i++) {
            progress.replayed(100_000);
        }
        assertThat(lines.list).as("the interval has not passed").isEmpty();
        clock.set(2 * second);
        for (int i = 0; i < batch; i++) {
            progress.replayed(250_000);
        }
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getFormattedMessage())
                .isEqualTo("Venue v replaying its journal: 8,192 records, 25% of 1,000,000 bytes, 4,096 records/s");
        clock.set(3 * second);
        for (int i = 0; i < batch; i++) {
            progress.replayed(500_000);
        }
        assertThat(lines.list).as("within the interval of the last line").hasSize(1);
        clock.set(4 * second);
        for (int i = 0; i < batch; i++) {
            progress.replayed(1_000_000);
        }
        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getFormattedMessage()).contains("16,384 records, 100% of");
        log.detachAppender(lines);
    }
}
