package io.tradewire.bench.lob;

import java.util.Locale;

/** Command mix of a LOB workload: percentages of GTC, IOC, cancel and move draws (they sum to 100). */
public enum LobMix {
    /** LOB-XC: exchange-core's published mix. */
    XC(9, 3, 6, 82),
    /** LOB-PCI: place / cancel / IOC, no amend. */
    PCI(48, 12, 40, 0);

    final int gtc;
    final int ioc;
    final int cancel;
    final int move;

    LobMix(int gtc, int ioc, int cancel, int move) {
        this.gtc = gtc;
        this.ioc = ioc;
        this.cancel = cancel;
        this.move = move;
    }

    /** The command kind drawn for {@code r} in [0, 100). */
    LobCommand.Kind draw(int r) {
        if (r < gtc) return LobCommand.Kind.GTC;
        if (r < gtc + ioc) return LobCommand.Kind.IOC;
        if (r < gtc + ioc + cancel) return LobCommand.Kind.CANCEL;
        return LobCommand.Kind.MOVE;
    }

    public String label() {
        return "LOB-" + name();
    }

    public static LobMix parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
