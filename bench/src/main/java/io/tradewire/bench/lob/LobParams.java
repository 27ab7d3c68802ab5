package io.tradewire.bench.lob;

/**
 * Parameters of a LOB workload. {@link #of(LobMix)} gives the reference streams of docs/BENCHMARKS.md
 * (seed 42, 2,000 users, ~1,000 resting orders, 5 M commands after a GTC prefill of {@code targetOrders}).
 *
 * @param passiveOffsetMean mean distance, in ticks, behind the opposite top for a passive GTC (exponential)
 * @param marketableGtcShare share of GTC draws that cross the spread
 */
public record LobParams(long seed, int users, int targetOrders, int commands, LobMix mix,
                        long mid, long minPrice, long maxPrice, double passiveOffsetMean, double marketableGtcShare) {

    public static final int REFERENCE_COMMANDS = 5_000_000;

    public static LobParams of(LobMix mix) {
        return new LobParams(42, 2_000, 1_000, REFERENCE_COMMANDS, mix, 10_000, 1_000, 19_000, 200, 0.10);
    }

    public LobParams withCommands(int n) {
        return new LobParams(seed, users, targetOrders, n, mix, mid, minPrice, maxPrice, passiveOffsetMean, marketableGtcShare);
    }

    long clamp(long px) {
        return Math.max(minPrice, Math.min(maxPrice, px));
    }
}
