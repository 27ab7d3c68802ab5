package io.tradewire.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProfilerTest {

    /** A JVM that keeps one thread busy in a method with a name to look for in the flame graph. */
    public static final class Busy {
        static volatile long sink;

        public static void main(String[] args) {
            System.out.println("busy");
            System.out.flush();
            while (true) {
                spinForTheProfiler();
            }
        }

        static void spinForTheProfiler() {
            long x = sink;
            for (int i = 0; i < 1_000_000; i++) {
                x = x * 31 + i;
                if ((x & 0xFFFF) == 0) {
                    sink = new long[] {x}.length; // allocates now and then
                }
            }
            sink = x;
        }
    }

    @Test
    @DisplayName("A recording over a window of another JVM becomes a CPU and an allocation flame graph that show its code")
    void flameGraphsOfAnotherJvm(@TempDir Path dir) throws Exception {
        Process busy = new ProcessBuilder(JavaCommand.of(List.of("-Xmx64m"), Busy.class.getName(), List.of()))
                .redirectErrorStream(true).start();
        try {
            assertThat(new String(busy.getInputStream().readNBytes(4))).isEqualTo("busy");
            ServerProfiler profiler = new ServerProfiler(dir.resolve("perf"), dir);
            profiler.start(busy.pid());
            Thread.sleep(1_500); // let the recording collect samples of the busy loop
            List<Path> graphs = profiler.stop(busy.pid(), "busy");

            assertThat(graphs).containsExactly(dir.resolve("perf/busy-cpu.html"), dir.resolve("perf/busy-alloc.html"));
            assertThat(Files.readString(graphs.get(0))).contains("spinForTheProfiler").contains("Tradewire server CPU: busy");
            assertThat(Files.readString(graphs.get(1))).contains("Tradewire server allocations: busy");
            assertThat(dir.resolve("busy.jfr")).isNotEmptyFile();
        } finally {
            busy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("A process that is not a JVM of this user is reported with jcmd's answer")
    void notAJvm(@TempDir Path dir) {
        assertThatThrownBy(() -> new ServerProfiler(dir, dir).start(Integer.MAX_VALUE - 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("jcmd JFR.start")
                .hasMessageContaining("No such process");
    }
}
