package io.tradewire.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ThreadPlacementTest {
    static final String INTERRUPTS = """
                       CPU0       CPU1
              28:          0          0  PCI-MSIX-0000:00:01.0   0-edge      virtio0-config
              36:         12   46006720  PCI-MSIX-0000:00:02.0   1-edge      virtio1-req.0
              39:      96562          3  PCI-MSIX-0000:00:03.0   2-edge      virtio2-output.0
             NMI:          7          9   Non-maskable interrupts
             LOC:    9999999    8888888   Local timer interrupts
             ERR:          0
             MIS:          0
            """;

    @Test
    @DisplayName("The CPU a task last ran on is field 39, counted after the last parenthesis of its command name")
    void processorFromStat() {
        assertThat(ThreadPlacement.processor(ProcTest.STAT)).isEqualTo(1);
        assertThat(ThreadPlacement.processor(ProcTest.STAT.replace(" 17 1 0 ", " 17 0 0 "))).isZero();
        assertThatThrownBy(() -> ThreadPlacement.processor("garbage")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThreadPlacement.processor("1 (x) S 1 2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("Device interrupts per CPU are the numbered lines of /proc/interrupts summed per column; timer and other "
            + "named lines are left out")
    void deviceInterruptsPerCpu() {
        assertThat(ThreadPlacement.interruptsPerCpu(INTERRUPTS)).containsExactly(12 + 96562, 46006720 + 3);
        assertThatThrownBy(() -> ThreadPlacement.interruptsPerCpu("no header\n 1: 2 3\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("Shares of samples per CPU add up to one; a CPU beyond the count given widens the array")
    void shares() {
        assertThat(ThreadPlacement.shares(List.of(0, 0, 0, 1), 2)).containsExactly(0.75, 0.25);
        assertThat(ThreadPlacement.shares(List.of(3), 2)).containsExactly(0.0, 0.0, 0.0, 1.0);
        assertThat(ThreadPlacement.shares(List.of(), 2)).containsExactly(0.0, 0.0);
    }

    @Test
    @DisplayName("On Linux: a thread pinned to one CPU is sampled on that CPU only, and the CPU it may use is that one")
    void pinnedThreadIsSampledOnItsCpu() throws Exception {
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux /proc");
        int cpu = Runtime.getRuntime().availableProcessors() - 1;
        record Pinned(String allowed, ThreadPlacement.Placement where) {
        }
        Pinned pinned = OnThread.call("pinned", () -> {
            ThreadPlacement.pinCurrentThread(Integer.toString(cpu));
            String allowed = ThreadPlacement.allowedCpus();
            ThreadPlacement placement = ThreadPlacement.ofCurrentThread(1_000_000L).orElseThrow();
            for (long end = System.nanoTime() + 200_000_000L; System.nanoTime() < end; ) {
                Thread.onSpinWait();
            }
            return new Pinned(allowed, placement.stop());
        });
        assertThat(pinned.allowed()).isEqualTo(Integer.toString(cpu));
        ThreadPlacement.Placement where = pinned.where();
        assertThat(where.samples()).isPositive();
        assertThat(where.cpuShare()[cpu]).isEqualTo(1.0);
        assertThat(where.interruptsPerCpu()).hasSizeGreaterThanOrEqualTo(cpu + 1);
    }

    @Test
    @DisplayName("A CPU that does not exist cannot be pinned to: a clear error")
    void noSuchCpu() {
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux /proc");
        assertThatThrownBy(() -> OnThread.call("pinned", () -> {
            ThreadPlacement.pinCurrentThread("4095");
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("CPUs 4095");
    }

    @Test
    @DisplayName("On Linux: a thread is found by the start of its name, pinned and sampled from another thread")
    void threadFoundByName() throws Exception {
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux /proc");
        CountDownLatch found = new CountDownLatch(1);
        AtomicLong tid = new AtomicLong();
        Thread probe = new Thread(() -> {
            try {
                tid.set(ThreadPlacement.currentTid());
                found.await();
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        }, "placement-probe-" + System.nanoTime());
        probe.start();
        try {
            while (tid.get() == 0) {
                Thread.sleep(1);
            }
            assertThat(ThreadPlacement.threadNamed("placement-prob")).hasValue(tid.get());
            assertThat(ThreadPlacement.threadNamed("no-such-thread")).isEmpty();
            String last = Integer.toString(Runtime.getRuntime().availableProcessors() - 1);
            ThreadPlacement.pin(tid.get(), last);
            assertThat(ThreadPlacement.allowedCpus(tid.get())).as("another thread pinned by its id").isEqualTo(last);
            ThreadPlacement.Placement where = ThreadPlacement.ofThread(tid.get(), 1_000_000L).orElseThrow().stop();
            assertThat(where.samples()).isPositive();
            assertThat(Arrays.stream(where.cpuShare()).sum()).isCloseTo(1.0, within(1e-9));
        } finally {
            found.countDown();
            probe.join();
        }
        assertThatThrownBy(() -> ThreadPlacement.threadNamed("a-name-longer-than-15")).isInstanceOf(IllegalArgumentException.class);
    }
}
