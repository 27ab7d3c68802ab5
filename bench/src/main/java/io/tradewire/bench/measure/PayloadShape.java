package io.tradewire.bench.measure;

/**
 * How {@code --payload BYTES} shapes a fan-out message. A ticker frame of the exchange dialect carries
 * the instrument symbol twice (in {@code instrument_id} and in {@code stream}), so the harness sizes
 * the frame by the length of the benchmark instrument's symbol (1 to 64 characters, the limit of a
 * stream-key segment). The peers send the very same fields, so every server sends frames of the same
 * size (Socket.IO adds its {@code 42["ticker",...]} envelope). The size is approximate: the sequence
 * number's digits grow during a run.
 */
public record PayloadShape(String symbol, int approxFrameBytes) {
    public static final int MAX_SYMBOL = 64;
    /** The frame the gateway renders for a Tick, with a 4-digit sequence number; %s is the symbol. */
    static final String TEMPLATE = "{\"type\":\"ticker\",\"instrument_id\":\"%s\",\"last_price\":120.5,\"volume\":1,"
            + "\"timestamp\":1760000000000000,\"stream\":\"market.%s.ticker\",\"epoch\":1760000000000,\"seq\":1000}";
    static final int BASE = String.format(TEMPLATE, "", "").length();
    private static final String PAD = "FANOUT-" + "0".repeat(MAX_SYMBOL);

    public static int minBytes() {
        return BASE + 2;
    }

    public static int maxBytes() {
        return BASE + 2 * MAX_SYMBOL;
    }

    /** The shape whose frames come closest to {@code bytes}; out-of-range sizes are refused. */
    public static PayloadShape forBytes(int bytes) {
        if (bytes < minBytes() || bytes > maxBytes()) {
            throw new IllegalArgumentException("--payload must be between " + minBytes() + " and " + maxBytes()
                    + " bytes: a fan-out frame is padded by the length of its instrument symbol (1 to " + MAX_SYMBOL
                    + " characters), which it carries twice");
        }
        int length = Math.max(1, Math.min(MAX_SYMBOL, Math.round((bytes - BASE) / 2f)));
        return ofSymbol(PAD.substring(0, length));
    }

    /** The shape of frames for a given symbol (a node started with {@code bench serve} names its own). */
    public static PayloadShape ofSymbol(String symbol) {
        return new PayloadShape(symbol, BASE + 2 * symbol.length());
    }
}
