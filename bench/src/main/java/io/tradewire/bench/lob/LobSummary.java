package io.tradewire.bench.lob;

/**
 * What a LOB stream is known to produce (benchmark commands only, the prefill excluded).
 *
 * @param fills maker-taker fills a price-time-priority book must report
 * @param tradingCommands commands producing at least one fill
 * @param iocDropped IOC commands whose remainder was dropped
 * @param kindCounts commands per kind, indexed by {@link LobCommand.Kind#code}
 * @param fingerprint FNV-1a over every record: equal fingerprints mean equal streams
 */
public record LobSummary(long fills, long tradingCommands, long iocDropped, long[] kindCounts,
                         double avgRestingOrders, double avgLevels, long minPrice, long maxPrice, int finalResting,
                         long fingerprint) {

    public long count(LobCommand.Kind kind) {
        return kindCounts[kind.code];
    }

    public String fingerprintHex() {
        return String.format("%016x", fingerprint);
    }
}
