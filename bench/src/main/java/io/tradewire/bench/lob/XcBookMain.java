package io.tradewire.bench.lob;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

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
        boolean paced = XcChild.paced(args);
        XcChild.ready(paced, runs + 1, System.out);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println(LobBench.run("exchange-core", s, runs, XcBookEngine::new, XcChild.childTurns(paced, in, System.out)).encode());
    }
}
