package io.tradewire.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProcTest {
    // utime = 1234 ticks, stime = 66 ticks; the command name holds a space and a parenthesis.
    static final String STAT = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 51234 0 12 0 1234 66 0 0 20 0 35 0 987654 "
            + "5368709120 76543 18446744073709551615 1 1 0 0 0 0 0 4096 16796879 0 0 0 17 1 0 0 0 0 0\n";
    static final String STATUS = "Name:\tjava\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t 5300000 kB\nVmHWM:\t  400000 kB\n"
            + "VmRSS:\t  312345 kB\nThreads:\t35\n";

    @Test
    @DisplayName("utime + stime are read after the last parenthesis of the command name, in microseconds")
    void cpuFromStat() {
        assertThat(Proc.cpuMicros(STAT)).isEqualTo((1234 + 66) * 10_000L);
    }

    @Test
    @DisplayName("a line that is not /proc/<pid>/stat is refused")
    void badStat() {
        assertThatThrownBy(() -> Proc.cpuMicros("garbage")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Proc.cpuMicros("1 (x) S 1 2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("VmRSS, VmHWM and Threads are read from /proc/<pid>/status; a missing key is 0")
    void status() {
        assertThat(Proc.statusKib(STATUS, "VmRSS")).isEqualTo(312_345);
        assertThat(Proc.statusKib(STATUS, "VmHWM")).isEqualTo(400_000);
        assertThat(Proc.statusKib(STATUS, "Threads")).isEqualTo(35);
        assertThat(Proc.statusKib(STATUS, "VmSwap")).isZero();
    }

    @Test
    @DisplayName("the machine's busy time counts user, nice, system, irq, softirq and steal, not idle or iowait")
    void machineBusy() {
        String stat = "cpu  100 2 30 5000 40 5 6 7 0 0\ncpu0 50 1 15 2500 20 2 3 3 0 0\nintr 1 2 3\n";
        assertThat(Proc.busyMicros(stat)).isEqualTo((100 + 2 + 30 + 5 + 6 + 7) * 10_000L);
        assertThatThrownBy(() -> Proc.busyMicros("intr 1 2 3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("CPU between two samples is a fraction of one core")
    void coresBetween() {
        ProcSample from = new ProcSample(1, 1_000_000, 0, 0, 1, 0);
        ProcSample to = new ProcSample(1, 2_500_000, 0, 0, 1, 2_000_000_000L);
        assertThat(ProcSample.coresBetween(from, to)).isEqualTo(0.75);
        assertThat(ProcSample.coresBetween(to, to)).isNaN();
    }

    @Test
    @DisplayName("this very process can be sampled on Linux; a process that does not exist cannot")
    void sampleSelf() {
        if (System.getProperty("os.name").startsWith("Linux")) {
            ProcSample self = Proc.sample(ProcessHandle.current().pid()).orElseThrow();
            assertThat(self.rssBytes()).isPositive();
            assertThat(self.threads()).isPositive();
        }
        assertThat(Proc.sample(Long.MAX_VALUE)).isEmpty();
    }
}
