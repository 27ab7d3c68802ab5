package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.ErrorCode;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentKind;
import io.tradewire.model.RejectedException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The allocation-light paths of {@link Contract} and {@link Money} against the plain {@code BigDecimal} formulas they
 * replace: same value <b>and</b> same scale, over seeded random instruments and amounts (overflowing products included).
 */
class ContractArithmeticTest {
    private static final String[] TICKS = {"1", "0.1", "0.01", "0.25", "0.005", "0.0001", "0.00000001", "5", "1E+1"};
    private static final String[] LOTS = {"1", "0.001", "0.1", "10", "0.00001", "100"};
    private static final String[] MULTIPLIERS = {"1", "300", "50", "0.1", "0.0001", "1000000", "1E+3"};
    private static final String[] RATES = {"1", "0.12", "0.1", "0.0004", "0.000125", "0.33333333333", "0.5", "0.00000002"};
    private static final String[] FEE_RATES = {"0", "0.1", "0.0004", "0.0002", "0.000125", "0.03333333333", "0.00000002"};

    private static Contract contract(Random random) {
        Instrument instrument = new Instrument("X", InstrumentKind.FUTURES, Instrument.VENUE_ROUTE, d(pick(random, TICKS)),
                d(pick(random, LOTS)), d(pick(random, MULTIPLIERS)), d(pick(random, RATES)), "USD", d("100"), "US");
        return new Contract(instrument.withTradingRules(d(pick(random, FEE_RATES)), d(pick(random, FEE_RATES)), BigDecimal.ZERO));
    }

    @Test
    @DisplayName("held, value and fee equal the BigDecimal formulas in value and scale, also past a long's range")
    void moneyOfTickLots() {
        Random random = new Random(20261121L);
        for (int c = 0; c < 300; c++) {
            Contract contract = contract(random);
            Instrument i = contract.instrument();
            BigDecimal tickValue = i.tickSize().multiply(i.lotSize()).multiply(i.multiplier());
            for (int n = 0; n < 300; n++) {
                long tickLots = amount(random);
                BigDecimal exact = BigDecimal.valueOf(tickLots).multiply(tickValue);
                assertThat(contract.value(tickLots)).isEqualTo(exact);
                if (tickLots < 0) {
                    continue; // held amounts and fees are of non-negative notionals
                }
                assertThat(contract.held(tickLots)).isEqualTo(reference(exact.multiply(i.marginRate())));
                for (boolean maker : new boolean[] {true, false}) {
                    BigDecimal rate = maker ? i.makerFeeRate() : i.takerFeeRate();
                    BigDecimal fee = rate.signum() == 0 || tickLots == 0 ? BigDecimal.ZERO : reference(exact.multiply(rate));
                    assertThat(contract.fee(tickLots, maker)).isEqualTo(fee);
                }
            }
        }
    }

    @Test
    @DisplayName("prices and quantities become ticks and lots as with a division, and the same ones are refused")
    void gridUnits() {
        Random random = new Random(7L);
        for (int c = 0; c < 200; c++) {
            Contract contract = contract(random);
            Instrument i = contract.instrument();
            for (int n = 0; n < 300; n++) {
                BigDecimal value = new BigDecimal(BigInteger.valueOf(random.nextInt(3) == 0 ? Math.max(1, random.nextLong() >>> random.nextInt(64))
                        : random.nextInt(100_000) + 1), random.nextInt(14) - 3);
                check(() -> contract.toTicks(value), value, i.tickSize(), Contract.MAX_TICKS, ErrorCode.INVALID_PRICE);
                check(() -> contract.toLots(value), value, i.lotSize(), Contract.MAX_LOTS, ErrorCode.INVALID_QUANTITY);
            }
        }
    }

    @Test
    @DisplayName("views strip trailing zeros but keep two decimals, whatever the scale, as stripTrailingZeros does")
    void moneyView() {
        Random random = new Random(99L);
        for (int n = 0; n < 100_000; n++) {
            BigInteger unscaled = random.nextInt(10) == 0 ? new BigInteger(80, random) : BigInteger.valueOf(random.nextLong() >> random.nextInt(64));
            if (random.nextBoolean()) {
                unscaled = unscaled.multiply(BigInteger.TEN.pow(random.nextInt(6)));
            }
            BigDecimal value = new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), random.nextInt(20) - 4);
            BigDecimal stripped = value.stripTrailingZeros();
            BigDecimal expected = stripped.scale() < 2 ? stripped.setScale(2) : stripped;
            assertThat(Money.view(value)).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("prices, quantities and average prices equal the BigDecimal formulas, whole-tick averages included")
    void pricesQuantitiesAndAverages() {
        Random random = new Random(2026_11_22L);
        for (int c = 0; c < 200; c++) {
            Contract contract = contract(random);
            Instrument i = contract.instrument();
            int priceScale = Math.max(0, i.tickSize().stripTrailingZeros().scale());
            int quantityScale = Math.max(0, i.lotSize().stripTrailingZeros().scale());
            for (int n = 0; n < 500; n++) {
                long steps = switch (random.nextInt(3)) {
                    case 0 -> 100 + random.nextInt(50);
                    case 1 -> 1 + random.nextInt(20);
                    default -> 1 + (long) random.nextInt((int) Contract.MAX_TICKS);
                };
                BigDecimal price = contract.price(steps);
                assertThat(price).isEqualTo(i.tickSize().multiply(BigDecimal.valueOf(steps)).setScale(priceScale));
                assertThat(contract.price(-steps)).isEqualTo(price.negate());
                assertThat(contract.quantity(steps)).isEqualTo(i.lotSize().multiply(BigDecimal.valueOf(steps)).setScale(quantityScale));

                long lots = 1 + random.nextInt(random.nextBoolean() ? 10 : 1_000_000);
                long cost = random.nextBoolean() ? Math.multiplyExact(steps, lots) : lots + (long) (random.nextDouble() * steps * lots);
                BigDecimal average = BigDecimal.valueOf(cost).multiply(i.tickSize())
                        .divide(BigDecimal.valueOf(lots), priceScale + 6, RoundingMode.HALF_EVEN).stripTrailingZeros();
                BigDecimal expected = average.scale() < priceScale ? average.setScale(priceScale) : average;
                assertThat(contract.averagePrice(cost, lots)).as("%d / %d at tick %s", cost, lots, i.tickSize()).isEqualTo(expected);
            }
            assertThat(contract.averagePrice(0, 0)).isNull();
        }
    }

    private interface Conversion {
        long apply();
    }

    private static void check(Conversion conversion, BigDecimal value, BigDecimal step, long max, ErrorCode code) {
        BigDecimal[] qr = value.divideAndRemainder(step);
        boolean valid = qr[1].signum() == 0 && qr[0].compareTo(BigDecimal.valueOf(max)) <= 0;
        if (valid) {
            assertThat(conversion.apply()).as("%s / %s", value, step).isEqualTo(qr[0].longValueExact());
        } else {
            assertThatThrownBy(conversion::apply).as("%s / %s", value, step).isInstanceOf(RejectedException.class)
                    .satisfies(e -> assertThat(((RejectedException) e).code()).isEqualTo(code));
        }
    }

    private static BigDecimal reference(BigDecimal exact) {
        return exact.scale() > Money.SCALE ? exact.setScale(Money.SCALE, RoundingMode.CEILING) : exact;
    }

    private static long amount(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(1_000_000);
            case 1 -> random.nextLong() >>> random.nextInt(64);
            case 2 -> Long.MAX_VALUE - random.nextInt(10);
            default -> -(random.nextLong() >>> random.nextInt(64));
        };
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }
}
