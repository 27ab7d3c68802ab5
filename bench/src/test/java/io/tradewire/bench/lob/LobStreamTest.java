package io.tradewire.bench.lob;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.bench.lob.LobCommand.Kind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The ported generator must produce the reference streams of /work/shared/bench (WorkloadGen, seed 42):
 * same fills, same summary, same FNV-1a fingerprint. Generating 5 M commands takes about a second.
 */
class LobStreamTest {

    @Test
    @DisplayName("LOB-XC: 242,985 fills, fingerprint 7b00a9190e5cf01b")
    void xc() {
        LobStream s = LobStream.generate(LobParams.of(LobMix.XC));
        LobSummary sum = s.summary();
        assertThat(s.size()).isEqualTo(1_000 + 5_000_000);
        assertThat(sum.fills()).isEqualTo(242_985);
        assertThat(sum.tradingCommands()).isEqualTo(198_420);
        assertThat(sum.iocDropped()).isEqualTo(99_211);
        assertThat(sum.minPrice()).isEqualTo(7_573);
        assertThat(sum.maxPrice()).isEqualTo(12_614);
        assertThat(sum.finalResting()).isEqualTo(904);
        assertThat(sum.count(Kind.MOVE)).isCloseTo(4_100_000L, withinPercent());
        assertThat(sum.fingerprintHex()).isEqualTo("7b00a9190e5cf01b");
    }

    @Test
    @DisplayName("LOB-PCI: 1,092,567 fills, fingerprint 45544deb1b180fa3")
    void pci() {
        LobStream s = LobStream.generate(LobParams.of(LobMix.PCI));
        LobSummary sum = s.summary();
        assertThat(sum.fills()).isEqualTo(1_092_567);
        assertThat(sum.tradingCommands()).isEqualTo(868_020);
        assertThat(sum.iocDropped()).isEqualTo(385_693);
        assertThat(sum.minPrice()).isEqualTo(7_367);
        assertThat(sum.maxPrice()).isEqualTo(13_007);
        assertThat(sum.finalResting()).isEqualTo(901);
        assertThat(sum.count(Kind.MOVE)).isZero();
        assertThat(sum.fingerprintHex()).isEqualTo("45544deb1b180fa3");
    }

    @Test
    @DisplayName("the prefill is alternating passive GTC; order ids are assigned in stream order")
    void prefill() {
        LobStream s = LobStream.generate(LobParams.of(LobMix.XC).withCommands(1_000));
        for (int i = 0; i < s.prefill(); i++) {
            LobCommand c = s.command(i);
            assertThat(c.kind()).isEqualTo(Kind.GTC);
            assertThat(c.side()).isEqualTo(i % 2 == 0 ? LobCommand.Side.BID : LobCommand.Side.ASK);
            assertThat(c.orderId()).isEqualTo(i + 1);
        }
        assertThat(s.summary().count(Kind.GTC) + s.summary().count(Kind.IOC) + s.summary().count(Kind.CANCEL)
                + s.summary().count(Kind.MOVE)).isEqualTo(1_000);
    }

    private static org.assertj.core.data.Percentage withinPercent() {
        return org.assertj.core.data.Percentage.withPercentage(1);
    }
}
