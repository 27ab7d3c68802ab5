package io.tradewire.broker.algo;

import io.tradewire.model.algo.Algorithm;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * How much of a master order should be filled by a decision point. The duration is cut into {@code slices} equal
 * slices; slice {@code k} (from 0) is the decision point at {@code start + k × slice-interval}.
 */
interface Schedule {
    MathContext MATH = MathContext.DECIMAL64;

    /**
     * The quantity that should be filled once slice {@code slice} has traded (before rounding to the lot size).
     *
     * @param marketVolume what the rest of the market traded on the instrument since the start (POV)
     */
    BigDecimal target(int slice, int slices, BigDecimal total, BigDecimal marketVolume);

    static Schedule of(Algorithm algorithm, List<BigDecimal> vwapProfile, BigDecimal povLimit) {
        switch (algorithm) {
            case TWAP:
                return Schedule::twap;
            case VWAP:
                return new Vwap(vwapProfile);
            case POV:
                return (slice, slices, total, volume) -> total.min(volume.multiply(povLimit, MATH));
            default:
                throw new IllegalArgumentException(algorithm.name());
        }
    }

    /** The same share of the total in every slice: {@code total × (k + 1) / slices}. */
    private static BigDecimal twap(int slice, int slices, BigDecimal total, BigDecimal marketVolume) {
        return total.multiply(BigDecimal.valueOf(slice + 1L)).divide(BigDecimal.valueOf(slices), MATH);
    }

    /**
     * Along a volume profile: the profile's weights cover equal parts of the duration, and the target after slice
     * {@code k} is the total times the profile's cumulative share at {@code (k + 1) / slices} of the duration (linear
     * within a part).
     */
    final class Vwap implements Schedule {
        private final List<BigDecimal> weights;
        private final BigDecimal sum;

        Vwap(List<BigDecimal> weights) {
            this.weights = List.copyOf(weights);
            this.sum = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        @Override
        public BigDecimal target(int slice, int slices, BigDecimal total, BigDecimal marketVolume) {
            if (slice + 1 >= slices) {
                return total;
            }
            // position in profile parts: (k + 1) / slices × parts
            BigDecimal position = BigDecimal.valueOf((slice + 1L) * weights.size()).divide(BigDecimal.valueOf(slices), MATH);
            int whole = position.intValue();
            BigDecimal cumulative = BigDecimal.ZERO;
            for (int i = 0; i < whole; i++) {
                cumulative = cumulative.add(weights.get(i));
            }
            if (whole < weights.size()) {
                cumulative = cumulative.add(weights.get(whole).multiply(position.subtract(BigDecimal.valueOf(whole)), MATH));
            }
            return total.multiply(cumulative, MATH).divide(sum, MATH);
        }
    }
}
