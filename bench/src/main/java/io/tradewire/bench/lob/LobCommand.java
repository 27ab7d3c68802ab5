package io.tradewire.bench.lob;

/** One command of a LOB stream, as a value (the stream itself is stored column-wise in {@link LobStream}). */
public record LobCommand(Kind kind, Side side, int uid, long orderId, long price, int size) {

    /** Command kinds; {@link #code} is the byte the stream fingerprint hashes. */
    public enum Kind {
        GTC(1), IOC(2), CANCEL(3), MOVE(4);

        public final byte code;

        Kind(int code) {
            this.code = (byte) code;
        }

        static final Kind[] BY_CODE = {null, GTC, IOC, CANCEL, MOVE};
    }

    /** Order sides; {@link #code} is the byte the stream fingerprint hashes. */
    public enum Side {
        BID(0), ASK(1);

        public final byte code;

        Side(int code) {
            this.code = (byte) code;
        }

        public Side opposite() {
            return this == BID ? ASK : BID;
        }
    }
}
