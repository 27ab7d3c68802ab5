package io.tradewire.bench.measure;

/** Ratios between a Tradewire figure and the same figure of a peer measured in the same run. */
public final class Ratios {
    private Ratios() {
    }

    /** {@code ours / theirs}, or NaN when either is unknown or {@code theirs} is zero. */
    public static double ratio(double ours, double theirs) {
        if (Double.isNaN(ours) || Double.isNaN(theirs) || theirs == 0) {
            return Double.NaN;
        }
        return ours / theirs;
    }

    /**
     * The ratios of paired figures: {@code ours[i] / theirs[i]} for each pair (two runs measured one right after the
     * other). Pairing keeps a change of the machine's speed between pairs out of each ratio.
     */
    public static double[] pairwise(double[] ours, double[] theirs) {
        if (ours.length != theirs.length) {
            throw new IllegalArgumentException(ours.length + " figures against " + theirs.length);
        }
        double[] ratios = new double[ours.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = ratio(ours[i], theirs[i]);
        }
        return ratios;
    }

    /** The median (the upper one of an even count), NaN for none. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** A ratio rounded to two decimals for JSON (null when undefined). */
    public static Double rounded(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? null : Math.round(ratio * 100) / 100.0;
    }

    /** {@code 1.23×} or {@code n/a}. */
    public static String times(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f×", ratio);
    }

    /** Per-second rate of a count over a window in nanoseconds (0 for an empty window). */
    public static double perSecond(long count, long windowNanos) {
        return windowNanos <= 0 ? 0 : count * 1e9 / windowNanos;
    }

    /** CPU microseconds per message (NaN when nothing was delivered or the CPU time is unknown). */
    public static double microsPerMessage(long cpuMicros, long messages) {
        return messages <= 0 || cpuMicros < 0 ? Double.NaN : (double) cpuMicros / messages;
    }
}
