package io.tradewire.bench.lob;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The LOB replay of {@code bench lob} under JMH ({@code bench jmh}): each invocation is one measured pass, commands
 * 2–5 M of the reference stream, on an engine brought to the stream's state by replaying the prefill and the first 2 M
 * commands untimed; JMH reports the time per command with its confidence interval over the passes and forks, each fork
 * a fresh JVM. An engine that reports other fills than the stream's fails the run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(2)
public class LobJmh {
    /** Commands per measured pass: the reference stream after its warm-up. */
    public static final int MEASURED = LobParams.REFERENCE_COMMANDS - LobReplay.WARM_UP;

    /** {@code tradewire-book} (the order book alone), {@code xc-book} (exchange-core's), {@code tradewire-venue}. */
    @Param({"tradewire-book", "xc-book", "tradewire-venue"})
    public String engine;

    @Param({"xc", "pci"})
    public String mix;

    private LobStream stream;
    private LobReplay.Engine replay;
    private int from;

    @Setup(Level.Trial)
    public void generate() {
        stream = LobStream.generate(LobParams.of(LobMix.parse(mix)));
        from = stream.prefill() + LobReplay.warmUp(stream);
        if (stream.size() - from != MEASURED) {
            throw new IllegalStateException("the stream measures " + (stream.size() - from) + " commands, not " + MEASURED);
        }
    }

    @Setup(Level.Invocation)
    public void prepare() {
        replay = engine(engine);
        for (int i = 0; i < stream.prefill(); i++) {
            replay.apply(stream, i);
        }
        replay.resetFills();
        for (int i = stream.prefill(); i < from; i++) {
            replay.apply(stream, i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(MEASURED)
    public long pass() {
        for (int i = from; i < stream.size(); i++) {
            replay.apply(stream, i);
        }
        return replay.fills();
    }

    @TearDown(Level.Invocation)
    public void check() {
        if (replay.fills() != stream.summary().fills()) {
            throw new IllegalStateException(engine + " reported " + replay.fills() + " fills, the stream defines " + stream.summary().fills());
        }
    }

    static LobReplay.Engine engine(String name) {
        return switch (name) {
            case "tradewire-book" -> new TradewireBookEngine();
            case "xc-book" -> new XcBookEngine();
            case "tradewire-venue" -> new VenueEngine();
            default -> throw new IllegalArgumentException("engine must be tradewire-book, xc-book or tradewire-venue, not " + name);
        };
    }
}
