package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.ErrorCode;
import io.tradewire.model.InstrumentKind;
import io.tradewire.model.RejectedException;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.PositionView;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Account and position arithmetic against hand-computed numbers (IX2301: tick 0.1, ×300, margin 12 %; AAPL: ×1, margin 100 %). */
class AccountTest {
    private final Contract ix = new Contract(TestInstruments.IX2301);
    private final Contract aapl = new Contract(TestInstruments.AAPL);
    private final Map<String, Long> markTicks = new HashMap<>();
    private final MarkPrices marks = contract -> markTicks.getOrDefault(contract.symbol(), contract.referenceTicks());
    private final Account account = new Account("user001", "USD", new BigDecimal("1000000"));

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    @Test
    @DisplayName("Freezing for a 10 @ 120 IX2301 order holds 43200 and lowers available; releasing gives it back")
    void freezeAndRelease() {
        BigDecimal hold = ix.held(1200L * 10);
        assertThat(hold).isEqualByComparingTo("43200");

        account.freeze(hold);
        assertThat(account.frozen()).isEqualByComparingTo("43200");
        assertThat(account.available(marks)).isEqualByComparingTo("956800");
        assertThat(account.balance()).isEqualByComparingTo("1000000");

        account.release(d("43200"));
        assertThat(account.frozen()).isZero();
        assertThat(account.available(marks)).isEqualByComparingTo("1000000");
        assertThatThrownBy(() -> account.release(d("0.01"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("A long fill holds margin at the fill price; a mark move shows as unrealized PnL, equity, available and risk ratio")
    void marginAndUnrealized() {
        account.position(ix).open(true, 1200, 10);

        assertThat(account.margin()).isEqualByComparingTo("43200");
        assertThat(account.unrealizedPnl(marks)).isZero();
        assertThat(account.available(marks)).isEqualByComparingTo("956800");

        markTicks.put("IX2301", 1250L); // 125.0: (125.0 − 120.0) × 10 × 300 = 15000
        assertThat(account.unrealizedPnl(marks)).isEqualByComparingTo("15000");
        assertThat(account.equity(marks)).isEqualByComparingTo("1015000");
        assertThat(account.available(marks)).isEqualByComparingTo("971800");
        assertThat(account.profit(marks)).isEqualByComparingTo("15000");
        // 43200 / 1015000 = 0.042561576..., rounded up at 8 decimals
        assertThat(account.riskRatio(marks)).isEqualByComparingTo("0.04256158");

        AccountView view = account.view(marks, 42);
        assertThat(view.margin()).hasToString("43200.00");
        assertThat(view.available()).hasToString("971800.00");
        assertThat(view.unrealizedPnl()).hasToString("15000.00");
        assertThat(view.riskRatio()).hasToString("0.04256158");
        assertThat(view.timestamp()).isEqualTo(42);
    }

    @Test
    @DisplayName("Closing part of a long realizes (fill − avg) × qty × multiplier and releases margin in proportion")
    void closeLong() {
        Position position = account.position(ix);
        position.open(true, 1200, 10);

        BigDecimal pnl = position.close(true, 1250, 4); // (125.0 − 120.0) × 4 × 300
        account.realize(pnl);

        assertThat(pnl).isEqualByComparingTo("6000");
        assertThat(account.balance()).isEqualByComparingTo("1006000");
        assertThat(account.realizedPnl()).isEqualByComparingTo("6000");
        assertThat(position.lots(true)).isEqualTo(6);
        assertThat(account.margin()).isEqualByComparingTo("25920"); // 120 × 6 × 300 × 0.12
        markTicks.put("IX2301", 1250L);
        assertThat(account.profit(marks)).isEqualByComparingTo("15000"); // 6000 realized + 5.0 × 6 × 300
    }

    @Test
    @DisplayName("Closing a short realizes (avg − fill) × qty × multiplier: a gain below the entry, a loss above it")
    void closeShort() {
        Position position = account.position(ix);
        position.open(false, 1200, 10);
        markTicks.put("IX2301", 1210L);
        assertThat(account.unrealizedPnl(marks)).isEqualByComparingTo("-3000");
        assertThat(account.margin()).isEqualByComparingTo("43200");

        account.realize(position.close(false, 1185, 6)); // (120.0 − 118.5) × 6 × 300 = +2700
        account.realize(position.close(false, 1230, 4)); // (120.0 − 123.0) × 4 × 300 = −3600

        assertThat(account.realizedPnl()).isEqualByComparingTo("-900");
        assertThat(account.balance()).isEqualByComparingTo("999100");
        assertThat(account.margin()).isZero();
        assertThat(position.isEmpty()).isFalse();
        assertThatThrownBy(() -> position.close(false, 1200, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("The average entry price weights fills, and partial closes never lose a rounding remainder")
    void averageAndExactRemainder() {
        Position position = account.position(ix);
        position.open(true, 1200, 1);
        position.open(true, 1201, 2); // cost 3602 tick·lots over 3 lots: avg 120.0666...

        PositionView view = position.view("user001", 1210, 0);
        assertThat(view.longAvgPrice()).hasToString("120.0666667");
        assertThat(view.longQuantity()).hasToString("3");

        BigDecimal first = position.close(true, 1210, 1);
        BigDecimal second = position.close(true, 1210, 2);

        // Whole round trip: (121.0 × 3 − 360.2) × 300 = 840, however the closes split it.
        assertThat(first.add(second)).isEqualByComparingTo("840");
        assertThat(position.cost(true)).isZero();
        assertThat(position.margin()).isZero();
    }

    @Test
    @DisplayName("A fully funded stock position holds its whole notional and marks to the reference price before any trade")
    void stockPosition() {
        account.position(aapl).open(true, 19000, 100); // 100 AAPL @ 190.00

        assertThat(account.margin()).isEqualByComparingTo("19000");
        assertThat(account.unrealizedPnl(marks)).isZero(); // reference price 190
        markTicks.put("AAPL", 19550L);
        assertThat(account.unrealizedPnl(marks)).isEqualByComparingTo("550");
        assertThat(account.available(marks)).isEqualByComparingTo("981550"); // 1000550 − 19000
    }

    @Test
    @DisplayName("Risk ratio is 0 without margin and 1 once equity is gone; available goes negative")
    void riskRatioEdges() {
        Account small = new Account("user002", "USD", d("40000"));
        assertThat(small.riskRatio(marks)).isZero();
        small.position(ix).open(true, 1200, 10);
        markTicks.put("IX2301", 1000L); // (100.0 − 120.0) × 10 × 300 = −60000

        assertThat(small.equity(marks)).isEqualByComparingTo("-20000");
        assertThat(small.riskRatio(marks)).isEqualByComparingTo("1");
        assertThat(small.available(marks)).isEqualByComparingTo("-63200");
        assertThat(small.view(marks, 0).riskRatio()).hasToString("1.00");
    }

    @Test
    @DisplayName("Held amounts round up at 8 decimals; views keep at least 2 decimals and never use exponents")
    void roundingAndViews() {
        Contract odd = new Contract(TestInstruments.instrument("ODD", InstrumentKind.CRYPTO, "venue", "0.01", "0.001", "1",
                "0.1234567", "1"));
        // 1 tick·lot = 0.01 × 0.001 = 0.00001; × 0.1234567 = 0.000001234567 → 0.00000124
        assertThat(odd.held(1)).isEqualByComparingTo("0.00000124");
        assertThat(odd.value(1)).isEqualByComparingTo("0.00001");

        assertThat(Money.view(d("43200.00000000"))).hasToString("43200.00");
        assertThat(Money.view(new BigDecimal("1E+5"))).hasToString("100000.00");
        assertThat(Money.view(d("0.1"))).hasToString("0.10");
        assertThat(Money.view(d("12.345000"))).hasToString("12.345");
        assertThat(Money.view(BigDecimal.ZERO)).hasToString("0.00");
    }

    @Test
    @DisplayName("Prices and quantities convert to ticks and lots exactly, and anything off the grid is rejected")
    void conversions() {
        Contract btc = new Contract(TestInstruments.BTCUSDT);
        assertThat(ix.toTicks(d("120"))).isEqualTo(1200);
        assertThat(ix.toTicks(d("120.10"))).isEqualTo(1201);
        assertThat(ix.price(1200)).hasToString("120.0");
        assertThat(btc.toLots(d("0.010"))).isEqualTo(10);
        assertThat(btc.quantity(10)).hasToString("0.010");
        assertThat(aapl.price(19000)).hasToString("190.00");

        assertRejected(() -> ix.toTicks(d("120.05")), ErrorCode.INVALID_PRICE);
        assertRejected(() -> ix.toTicks(d("0")), ErrorCode.INVALID_PRICE);
        assertRejected(() -> ix.toTicks(d("-120")), ErrorCode.INVALID_PRICE);
        assertRejected(() -> ix.toTicks(null), ErrorCode.INVALID_PRICE);
        assertRejected(() -> ix.toTicks(d("1E+30")), ErrorCode.INVALID_PRICE);
        assertRejected(() -> ix.toLots(d("1.5")), ErrorCode.INVALID_QUANTITY);
        assertRejected(() -> ix.toLots(d("0")), ErrorCode.INVALID_QUANTITY);
        assertRejected(() -> ix.toLots(d("99999999999999999999")), ErrorCode.INVALID_QUANTITY);
        assertRejected(() -> btc.toLots(d("0.0005")), ErrorCode.INVALID_QUANTITY);
    }

    @Test
    @DisplayName("Every amount of the view follows each change of balance, holds, positions and marks, as computed afresh")
    void viewFollowsEveryChange() {
        java.util.Random random = new java.util.Random(22_11_2026L);
        BigDecimal hold = BigDecimal.ZERO;
        for (int step = 0; step < 20_000; step++) {
            Position position = account.position(random.nextBoolean() ? ix : aapl);
            boolean longSide = random.nextBoolean();
            long price = 1_000 + random.nextInt(500);
            switch (random.nextInt(7)) {
                case 0 -> {
                    BigDecimal more = ix.held(price * (1 + random.nextInt(5)));
                    account.freeze(more);
                    hold = hold.add(more);
                }
                case 1 -> {
                    account.release(hold);
                    hold = BigDecimal.ZERO;
                }
                case 2 -> position.open(longSide, price, 1 + random.nextInt(5));
                case 3 -> {
                    if (position.lots(longSide) > 0) {
                        account.realize(position.close(longSide, price, 1 + random.nextInt((int) position.lots(longSide))));
                    }
                }
                case 4 -> account.chargeFee(new BigDecimal(random.nextInt(1_000)).movePointLeft(random.nextInt(4)));
                case 5 -> account.deposit(new BigDecimal(1 + random.nextInt(100_000)));
                default -> markTicks.put(random.nextBoolean() ? "IX2301" : "AAPL", (long) price);
            }
            // The same amounts from their definitions, without any remembered result.
            BigDecimal unrealized = BigDecimal.ZERO;
            BigDecimal margin = BigDecimal.ZERO;
            for (Position p : account.positions()) {
                long mark = marks.markTicks(p.contract());
                unrealized = unrealized.add(p.contract().value(mark * p.lots(true) - p.cost(true) + p.cost(false) - mark * p.lots(false)));
                margin = margin.add(p.contract().held(p.cost(true))).add(p.contract().held(p.cost(false)));
            }
            BigDecimal equity = account.balance().add(unrealized);
            BigDecimal available = equity.subtract(margin).subtract(account.frozen());
            AccountView view = account.view(marks, step);
            assertThat(account.available(marks)).isEqualByComparingTo(available);
            assertThat(view.available()).isEqualByComparingTo(available);
            assertThat(view.balance()).isEqualByComparingTo(account.balance());
            assertThat(view.frozen()).isEqualByComparingTo(hold);
            assertThat(view.margin()).isEqualByComparingTo(margin);
            assertThat(view.unrealizedPnl()).isEqualByComparingTo(unrealized);
            assertThat(view.profit()).isEqualByComparingTo(account.realizedPnl().add(unrealized));
            assertThat(view.riskRatio()).isEqualByComparingTo(Account.riskRatio(margin, equity));
            assertThat(account.riskRatio(marks)).isEqualByComparingTo(Account.riskRatio(margin, equity));
        }
    }

    private static void assertRejected(Runnable action, ErrorCode code) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
