package io.tradewire.bench.lob;

/**
 * A generated LOB stream, column-wise so that replaying 5 M commands touches no objects.
 * Commands {@code [0, prefill)} are the GTC prefill; the benchmark commands follow.
 */
public final class LobStream {
    final LobParams params;
    final int prefill;
    final byte[] kind;
    final byte[] side;
    final int[] uid;
    final long[] orderId;
    final long[] price;
    final int[] size;
    private int length;
    private LobSummary summary;

    LobStream(LobParams params) {
        this.params = params;
        this.prefill = params.targetOrders();
        int total = params.targetOrders() + params.commands();
        kind = new byte[total];
        side = new byte[total];
        uid = new int[total];
        orderId = new long[total];
        price = new long[total];
        size = new int[total];
    }

    /** Generates the stream of {@code params} (deterministic). */
    public static LobStream generate(LobParams params) {
        return new LobGenerator(params).run();
    }

    void append(LobCommand.Kind k, LobCommand.Side s, int u, long id, long px, int q) {
        int i = length++;
        kind[i] = k.code;
        side[i] = s.code;
        uid[i] = u;
        orderId[i] = id;
        price[i] = px;
        size[i] = q;
    }

    void seal(LobSummary s) {
        if (length != kind.length) throw new IllegalStateException("generated " + length + " of " + kind.length + " commands");
        this.summary = s;
    }

    public LobParams params() { return params; }
    public int prefill() { return prefill; }
    public int size() { return length; }
    public LobSummary summary() { return summary; }

    public byte kindCode(int i) { return kind[i]; }
    public boolean isBid(int i) { return side[i] == LobCommand.Side.BID.code; }
    public int uid(int i) { return uid[i]; }
    public long orderId(int i) { return orderId[i]; }
    public long price(int i) { return price[i]; }
    public int quantity(int i) { return size[i]; }

    public LobCommand command(int i) {
        return new LobCommand(LobCommand.Kind.BY_CODE[kind[i]], side[i] == 0 ? LobCommand.Side.BID : LobCommand.Side.ASK,
                uid[i], orderId[i], price[i], size[i]);
    }

    /** FNV-1a over every record's six fields, each as 8 little-endian bytes. */
    long fingerprint() {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++) {
            h = fnv(h, kind[i]);
            h = fnv(h, side[i]);
            h = fnv(h, uid[i]);
            h = fnv(h, orderId[i]);
            h = fnv(h, price[i]);
            h = fnv(h, size[i]);
        }
        return h;
    }

    private static long fnv(long h, long v) {
        for (int b = 0; b < 8; b++) {
            h ^= (v >>> (8 * b)) & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** The generator's summary, in the reference tool's words. */
    public String describe() {
        LobSummary s = summary;
        double n = params.commands();
        return String.format(
                "workload %s: seed=%d users=%d resting≈%d commands=%d%n"
                        + "  prefill=%d GTC, then GTC %.1f%% IOC %.1f%% CANCEL %.1f%% MOVE %.1f%%%n"
                        + "  expected fills=%d, trade-causing cmds=%d (%.2f%%), IOC with dropped remainder=%d%n"
                        + "  avg resting orders=%.0f, avg price levels=%.0f, price range=[%d,%d], final resting=%d%n"
                        + "  fingerprint=%s",
                params.mix().label(), params.seed(), params.users(), params.targetOrders(), params.commands(), prefill,
                100 * s.count(LobCommand.Kind.GTC) / n, 100 * s.count(LobCommand.Kind.IOC) / n,
                100 * s.count(LobCommand.Kind.CANCEL) / n, 100 * s.count(LobCommand.Kind.MOVE) / n,
                s.fills(), s.tradingCommands(), 100 * s.tradingCommands() / n, s.iocDropped(),
                s.avgRestingOrders(), s.avgLevels(), s.minPrice(), s.maxPrice(), s.finalResting(), s.fingerprintHex());
    }
}
