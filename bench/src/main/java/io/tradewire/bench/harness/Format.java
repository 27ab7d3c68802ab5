package io.tradewire.bench.harness;

import java.util.Locale;

/** Numbers for people, and for JSON. */
public final class Format {
    private Format() {
    }

    static String count(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,d", Math.round(value));
    }

    static String decimal(double value, int digits) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f MiB", bytes / (1024.0 * 1024));
    }

    static String kib(double bytes) {
        return Double.isNaN(bytes) ? "n/a" : String.format(Locale.ROOT, "%,.1f KiB", bytes / 1024.0);
    }

    static String percentOfCore(double cores) {
        return Double.isNaN(cores) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", cores * 100);
    }

    /** A JSON number that may be undefined: null for NaN and the infinities. */
    public static Double json(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    /** A JSON number that may be undefined, rounded to {@code digits} decimals. */
    static Object json(double value, int digits) {
        if (json(value) == null) {
            return null;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
