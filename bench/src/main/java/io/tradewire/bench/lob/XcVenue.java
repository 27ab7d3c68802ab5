package io.tradewire.bench.lob;

import exchange.core2.core.ExchangeApi;
import exchange.core2.core.ExchangeCore;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.CoreWaitStrategy;
import exchange.core2.core.common.MatcherEventType;
import exchange.core2.core.common.MatcherTradeEvent;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.api.ApiAddUser;
import exchange.core2.core.common.api.ApiAdjustUserBalance;
import exchange.core2.core.common.api.ApiCancelOrder;
import exchange.core2.core.common.api.ApiCommand;
import exchange.core2.core.common.api.ApiMoveOrder;
import exchange.core2.core.common.api.ApiNop;
import exchange.core2.core.common.api.ApiPlaceOrder;
import exchange.core2.core.common.api.binary.BatchAddSymbolsCommand;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import exchange.core2.core.common.config.ExchangeConfiguration;
import exchange.core2.core.common.config.InitialStateConfiguration;
import exchange.core2.core.common.config.LoggingConfiguration;
import exchange.core2.core.common.config.OrdersProcessingConfiguration;
import exchange.core2.core.common.config.PerformanceConfiguration;
import exchange.core2.core.common.config.ReportsQueriesConfiguration;
import exchange.core2.core.common.config.SerializationConfiguration;
import exchange.core2.core.orderbook.OrderBookDirectImpl;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stream through exchange-core's full engine, as the reference harness's throughput mode runs it: the
 * disruptor pipeline with one risk engine (full per-currency risk checks) and one matching engine, blocking wait
 * strategy, users with ample balances, the whole stream published as fast as the ring buffer takes it. Ops/s are
 * counted on the results thread over the commands after the warm-up, and so is the CPU time of the whole JVM over
 * that range ({@link JvmMeters#processCpu}: the publishing thread, every pipeline stage, the collector and the
 * compiler). Needs the {@code --add-opens} flags of {@code xc-jvmflags.txt}: run it through {@link XcChild}.
 */
public final class XcVenue {
    private static final int SYMBOL = 1;
    private static final int BASE = 1;
    private static final int QUOTE = 2;
    private static final long BID_RESERVE = 20_000; // above the generator's price band

    private XcVenue() {
    }

    /**
     * Child-JVM entry of {@code bench lob --level venue --engine xc}: {@code <mix> <runs> [free|paced] [commands]} (see
     * {@link XcChild}); prints its report as one JSON line.
     */
    public static void main(String[] args) throws Exception {
        LobStream s = LobStream.generate(XcChild.params(args));
        int runs = Integer.parseInt(args[1]);
        ApiCommand[] commands = commands(s);
        LobBench.Turns turns = XcChild.childTurns(args, runs);
        double[] ops = new double[runs];
        double[] processCpu = new double[runs];
        long fills = 0;
        for (int r = 0; r < runs; r++) {
            turns.before(r);
            Results results = new Results(LobReplay.warmUp(s), s.size() - s.prefill());
            ExchangeCore core = build(results);
            core.startup();
            try {
                ExchangeApi api = core.getApi();
                setUp(api, s);
                for (int i = 0; i < s.prefill(); i++) {
                    api.submitCommand(commands[i]);
                }
                api.submitCommandAsync(ApiNop.builder().build()).join();
                results.armed = true;
                for (int i = s.prefill(); i < s.size(); i++) {
                    api.submitCommand(commands[i]);
                }
                api.submitCommandAsync(ApiNop.builder().build()).join();
                if (results.rejected > 0) {
                    throw new IllegalStateException("exchange-core refused " + results.rejected + " commands");
                }
                ops[r] = (results.last - results.from) / ((results.lastNs - results.fromNs) / 1e9);
                processCpu[r] = JvmMeters.perCommand(results.fromCpu, results.lastCpu, results.last - results.from);
                fills = results.fillsAfterPrefill;
            } finally {
                core.shutdown();
            }
            System.gc();
            turns.after(r, new LobReplay.Pass(ops[r], Double.NaN, processCpu[r], Double.NaN, fills, null));
        }
        if (fills != s.summary().fills()) {
            throw new IllegalStateException("exchange-core reported " + fills + " fills, the stream defines " + s.summary().fills());
        }
        double[] sorted = ops.clone();
        Arrays.sort(sorted);
        JsonArray perRun = new JsonArray();
        for (double o : ops) {
            perRun.add(Math.round(o));
        }
        JsonObject report = new JsonObject()
                .put("engine", "exchange-core")
                .put("level", "venue")
                .put("workload", s.params().mix().label())
                .put("fills", fills)
                .put("expectedFills", s.summary().fills())
                .put("opsPerSecondRuns", perRun)
                .put("opsPerSecondMedian", Math.round(sorted[sorted.length / 2]));
        LobBench.putPerRun(report, "processCpuNsPerCommand", processCpu);
        System.out.println(report.encode());
    }

    /**
     * Counts fills and timestamps the measured range on exchange-core's results thread: commands are counted from
     * the end of the prefill; the range runs from the {@code from}-th to the {@code last}-th of them.
     */
    private static final class Results {
        final long from;
        final long last;
        volatile boolean armed;
        long seen;
        long fillsAfterPrefill;
        long rejected;
        long fromNs;
        long lastNs;
        long fromCpu = -1;
        long lastCpu = -1;

        Results(long from, long last) {
            this.from = from;
            this.last = last;
        }

        void accept(OrderCommand cmd) {
            if (!armed || cmd.command != OrderCommandType.PLACE_ORDER && cmd.command != OrderCommandType.CANCEL_ORDER
                    && cmd.command != OrderCommandType.MOVE_ORDER) {
                return;
            }
            if (cmd.resultCode != CommandResultCode.SUCCESS) {
                rejected++;
            }
            for (MatcherTradeEvent e = cmd.matcherEvent; e != null; e = e.nextEvent) {
                if (e.eventType == MatcherEventType.TRADE) {
                    fillsAfterPrefill++;
                }
            }
            seen++;
            if (seen == from) {
                fromNs = System.nanoTime();
                fromCpu = JvmMeters.processCpu();
            } else if (seen == last) {
                lastNs = System.nanoTime();
                lastCpu = JvmMeters.processCpu();
            }
        }
    }

    private static ExchangeCore build(Results results) {
        PerformanceConfiguration performance = PerformanceConfiguration.builder()
                .ringBufferSize(64 * 1024)
                .matchingEnginesNum(1)
                .riskEnginesNum(1)
                .msgsInGroupLimit(4_096)
                .maxGroupDurationNs(4_000_000)
                .threadFactory(Thread::new)
                .waitStrategy(CoreWaitStrategy.BLOCKING)
                .binaryCommandsLz4CompressorFactory(() -> net.jpountz.lz4.LZ4Factory.fastestInstance().highCompressor())
                .orderBookFactory(OrderBookDirectImpl::new)
                .build();
        OrdersProcessingConfiguration processing = OrdersProcessingConfiguration.builder()
                .riskProcessingMode(OrdersProcessingConfiguration.RiskProcessingMode.FULL_PER_CURRENCY)
                .marginTradingMode(OrdersProcessingConfiguration.MarginTradingMode.MARGIN_TRADING_DISABLED)
                .build();
        ExchangeConfiguration configuration = ExchangeConfiguration.builder()
                .ordersProcessingCfg(processing)
                .performanceCfg(performance)
                .initStateCfg(InitialStateConfiguration.CLEAN_TEST)
                .reportsQueriesCfg(ReportsQueriesConfiguration.DEFAULT)
                .loggingCfg(LoggingConfiguration.DEFAULT)
                .serializationCfg(SerializationConfiguration.DEFAULT)
                .build();
        return ExchangeCore.builder().resultsConsumer((cmd, seq) -> results.accept(cmd)).exchangeConfiguration(configuration).build();
    }

    private static void setUp(ExchangeApi api, LobStream s) {
        CoreSymbolSpecification spec = CoreSymbolSpecification.builder()
                .symbolId(SYMBOL).type(SymbolType.CURRENCY_EXCHANGE_PAIR)
                .baseCurrency(BASE).quoteCurrency(QUOTE).baseScaleK(1).quoteScaleK(1)
                .takerFee(0).makerFee(0).build();
        CommandResultCode added = api.submitBinaryDataAsync(new BatchAddSymbolsCommand(spec)).join();
        if (added != CommandResultCode.SUCCESS) {
            throw new IllegalStateException("exchange-core refused the symbol: " + added);
        }
        long transaction = 1;
        List<ApiCommand> users = new ArrayList<>();
        for (long uid = 1; uid <= s.params().users(); uid++) {
            users.add(ApiAddUser.builder().uid(uid).build());
            users.add(ApiAdjustUserBalance.builder().uid(uid).currency(BASE).amount(1_000_000_000_000L).transactionId(transaction++).build());
            users.add(ApiAdjustUserBalance.builder().uid(uid).currency(QUOTE).amount(1_000_000_000_000_000L)
                    .transactionId(transaction++).build());
        }
        api.submitCommandsSync(users);
    }

    private static ApiCommand[] commands(LobStream s) {
        ApiCommand[] out = new ApiCommand[s.size()];
        for (int i = 0; i < s.size(); i++) {
            OrderAction action = s.isBid(i) ? OrderAction.BID : OrderAction.ASK;
            out[i] = switch (s.kindCode(i)) {
                case 1, 2 -> ApiPlaceOrder.builder().uid(s.uid(i)).orderId(s.orderId(i)).price(s.price(i)).size(s.quantity(i))
                        .reservePrice(action == OrderAction.BID ? BID_RESERVE : 0).action(action)
                        .orderType(s.kindCode(i) == 1 ? OrderType.GTC : OrderType.IOC).symbol(SYMBOL).build();
                case 3 -> ApiCancelOrder.builder().uid(s.uid(i)).orderId(s.orderId(i)).symbol(SYMBOL).build();
                case 4 -> ApiMoveOrder.builder().uid(s.uid(i)).orderId(s.orderId(i)).newPrice(s.price(i)).symbol(SYMBOL).build();
                default -> throw new IllegalStateException("command kind " + s.kindCode(i));
            };
        }
        return out;
    }
}
