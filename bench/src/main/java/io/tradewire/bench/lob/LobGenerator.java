package io.tradewire.bench.lob;

import io.tradewire.bench.lob.LobCommand.Kind;
import io.tradewire.bench.lob.LobCommand.Side;
import io.tradewire.bench.lob.ReferenceBook.Order;
import java.util.SplittableRandom;

/**
 * Builds a {@link LobStream}: a GTC prefill alternating bid / ask, then {@code commands} draws from the mix,
 * regulated so that the book stays near {@code targetOrders} resting orders. Every draw of the
 * {@link SplittableRandom} is part of the stream's definition: the order of the calls below must not change.
 */
final class LobGenerator implements ReferenceBook.FillListener {
    private final LobParams p;
    private final LobStream out;
    private final ReferenceBook book = new ReferenceBook();
    private final SplittableRandom rnd;
    private long nextOrderId = 1;
    private boolean measuring;

    private long fills;
    private long fillsThisCommand;
    private long tradingCommands;
    private long iocDropped;
    private final long[] kindCounts = new long[5];
    private long minPrice = Long.MAX_VALUE;
    private long maxPrice = Long.MIN_VALUE;

    LobGenerator(LobParams params) {
        this.p = params;
        this.out = new LobStream(params);
        this.rnd = new SplittableRandom(params.seed());
    }

    LobStream run() {
        for (int i = 0; i < p.targetOrders(); i++) {
            placePassive(i % 2 == 0 ? Side.BID : Side.ASK);
        }
        measuring = true;
        double sumOrders = 0;
        double sumLevels = 0;
        int samples = 0;
        for (int i = 0; i < p.commands(); i++) {
            Kind kind = regulate(p.mix().draw(rnd.nextInt(100)));
            fillsThisCommand = 0;
            switch (kind) {
                case GTC -> {
                    if (rnd.nextDouble() < p.marketableGtcShare()) placeAggressive(Kind.GTC);
                    else placePassive(passiveSide());
                }
                case IOC -> placeAggressive(Kind.IOC);
                case CANCEL -> cancelRandom();
                case MOVE -> moveRandom();
            }
            kindCounts[kind.code]++;
            if (fillsThisCommand > 0) tradingCommands++;
            if ((i & 1023) == 0) {
                sumOrders += book.liveCount();
                sumLevels += book.levels();
                samples++;
            }
        }
        out.seal(new LobSummary(fills, tradingCommands, iocDropped, kindCounts,
                sumOrders / Math.max(1, samples), sumLevels / Math.max(1, samples), minPrice, maxPrice,
                book.liveCount(), out.fingerprint()));
        return out;
    }

    /** Keeps the book near its target size (and never cancels / moves in an empty book). */
    private Kind regulate(Kind kind) {
        int live = book.liveCount();
        int target = p.targetOrders();
        if ((kind == Kind.CANCEL || kind == Kind.MOVE) && live == 0) kind = Kind.GTC;
        if (kind == Kind.CANCEL && live < 0.9 * target) kind = Kind.GTC;
        if (kind == Kind.GTC && live > 1.1 * target) kind = Kind.CANCEL;
        return kind;
    }

    @Override
    public void onFill() {
        if (measuring) {
            fills++;
            fillsThisCommand++;
        }
    }

    // ---- sides and prices ----

    /** Balances the two sides of the book. */
    private Side passiveSide() {
        double pBid = (book.liveAsks() + 1.0) / (book.liveAsks() + book.liveBids() + 2.0);
        return rnd.nextDouble() < pBid ? Side.BID : Side.ASK;
    }

    /** Mean reversion towards the initial mid. */
    private Side aggressiveSide() {
        double pBid = Math.max(0.1, Math.min(0.9, 0.5 + (p.mid() - currentMid()) / 2000.0));
        return rnd.nextDouble() < pBid ? Side.BID : Side.ASK;
    }

    private double currentMid() {
        if (book.hasBids() && book.hasAsks()) return (book.bestBid() + book.bestAsk()) / 2.0;
        if (book.hasBids()) return book.bestBid();
        if (book.hasAsks()) return book.bestAsk();
        return p.mid();
    }

    private long topBid() {
        if (book.hasBids()) return book.bestBid();
        if (book.hasAsks()) return book.bestAsk() - 2;
        return p.mid() - 1;
    }

    private long topAsk() {
        if (book.hasAsks()) return book.bestAsk();
        if (book.hasBids()) return book.bestBid() + 2;
        return p.mid() + 1;
    }

    private long passiveOffset() {
        return (long) (-Math.log(1.0 - rnd.nextDouble()) * p.passiveOffsetMean());
    }

    // ---- commands ----

    private void placePassive(Side s) {
        long off = passiveOffset();
        long px = p.clamp(s == Side.BID ? topAsk() - 1 - off : topBid() + 1 + off);
        // the clamp can make a passive order cross at the band's edge
        if (s == Side.BID && book.hasAsks() && px >= book.bestAsk()) px = book.bestAsk() - 1;
        if (s == Side.ASK && book.hasBids() && px <= book.bestBid()) px = book.bestBid() + 1;
        int q = 1 + rnd.nextInt(10);
        submit(Kind.GTC, s, 1 + rnd.nextInt(p.users()), px, q);
    }

    private void placeAggressive(Kind kind) {
        Side s = aggressiveSide();
        Side opposite = s.opposite();
        if (book.isEmpty(opposite) && kind == Kind.GTC) {
            placePassive(s);
            return;
        }
        long ref = book.isEmpty(opposite) ? p.mid() : book.best(opposite);
        int k = rnd.nextInt(kind == Kind.IOC ? 4 : 3);
        long px = p.clamp(s == Side.BID ? ref + k : ref - k);
        int q = kind == Kind.IOC ? 1 + rnd.nextInt(20) : 1 + rnd.nextInt(10);
        submit(kind, s, 1 + rnd.nextInt(p.users()), px, q);
    }

    private void submit(Kind kind, Side s, int uid, long px, int q) {
        long id = nextOrderId++;
        record(kind, s, uid, id, px, q);
        Order o = new Order(id, uid, s, px, q);
        if (book.match(o, this) > 0) {
            if (kind == Kind.GTC) book.rest(o);
            else if (measuring) iocDropped++;
        }
    }

    private void cancelRandom() {
        Order o = book.live(rnd.nextInt(book.liveCount()));
        record(Kind.CANCEL, o.side, o.uid, o.id, o.price, o.remaining);
        book.remove(o);
    }

    private void moveRandom() {
        Order o = book.live(rnd.nextInt(book.liveCount()));
        long d = 1 + rnd.nextInt(3);
        long np = p.clamp(rnd.nextBoolean() ? o.price + d : o.price - d);
        if (np == o.price) np = o.price + (o.price > p.minPrice() ? -1 : 1);
        record(Kind.MOVE, o.side, o.uid, o.id, np, o.remaining);
        book.remove(o);
        o.price = np;
        if (book.match(o, this) > 0) book.rest(o);
    }

    private void record(Kind kind, Side s, int uid, long id, long px, int q) {
        out.append(kind, s, uid, id, px, q);
        if (measuring && kind != Kind.CANCEL) {
            minPrice = Math.min(minPrice, px);
            maxPrice = Math.max(maxPrice, px);
        }
    }
}
