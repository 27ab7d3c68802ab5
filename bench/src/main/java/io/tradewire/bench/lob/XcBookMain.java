package io.tradewire.bench.lob;

/**
 * Child-JVM entry of {@code bench lob --engine xc}: {@code <mix> <runs> [free|paced] [commands]} (see {@link XcChild});
 * prints the engine's report as one JSON line. exchange-core needs the {@code --add-opens} flags of
 * {@code xc-jvmflags.txt}.
 */
public final class XcBookMain {
    private XcBookMain() {
    }

    public static void main(String[] args) {
        LobStream s = LobStream.generate(XcChild.params(args));
        int runs = Integer.parseInt(args[1]);
        LobBench.Turns turns = XcChild.childTurns(args, runs + 1); // the throughput passes and the latency pass
        System.out.println(LobBench.run("exchange-core", s, runs, XcBookEngine::new, turns).encode());
    }
}
