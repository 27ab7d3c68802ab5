package io.tradewire.bench.lob;

/**
 * Child-JVM entry of {@code bench lob --engine xc}: {@code <mix> <runs>}; prints the engine's report as one JSON line.
 * exchange-core needs the {@code --add-opens} flags of {@code xc-jvmflags.txt} (see {@link XcChild}).
 */
public final class XcBookMain {
    private XcBookMain() {
    }

    public static void main(String[] args) {
        LobStream s = LobStream.generate(LobParams.of(LobMix.parse(args[0])));
        int runs = Integer.parseInt(args[1]);
        System.out.println(LobBench.run("exchange-core", s, runs, XcBookEngine::new).encode());
    }
}
